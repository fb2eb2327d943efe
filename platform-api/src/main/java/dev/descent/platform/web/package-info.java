/**
 * What every controller shares: RFC 9457 problem details ({@link dev.descent.platform.web.ApiProblem}, the handler that
 * answers every refusal 4xx with the offending {@code field}), reading JSON bodies field by field, refusing JSON that
 * PostgreSQL cannot store, paging, and Tomcat's own refusals as problem details. It may import Spring Web, Tomcat's
 * valve API, Jackson, springdoc (how passed-through JSON shows in the OpenAPI document) and training-core's
 * {@code ConfigException}; no feature package.
 */
package dev.descent.platform.web;
