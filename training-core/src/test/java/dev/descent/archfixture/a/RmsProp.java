package dev.descent.archfixture.a;

/** Has {@link dev.descent.archfixture.b.RMSprop}'s name, letter case aside: the name rule must find the pair. */
public class RmsProp {}
