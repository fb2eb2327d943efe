package dev.descent.archfixture.b;

/** Has {@link dev.descent.archfixture.a.RmsProp}'s name, letter case aside: the name rule must find the pair. */
public class RMSprop {}
