package dev.descent.platform.web;

import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/** What every API endpoint shares beyond problem details: unknown query parameters are refused. */
@Configuration(proxyBeanMethods = false)
class ApiWebConfig implements WebMvcConfigurer {

    @Override
    public void addInterceptors(InterceptorRegistry registry) {
        registry.addInterceptor(new KnownQueryParameters()).addPathPatterns("/api/**");
    }
}
