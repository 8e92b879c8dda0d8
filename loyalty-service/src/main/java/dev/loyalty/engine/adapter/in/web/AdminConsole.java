package dev.loyalty.engine.adapter.in.web;

import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.config.annotation.ViewControllerRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * The admin console (module {@code admin-console}): its built files are on the classpath under
 * {@code META-INF/resources/admin/}, which Spring serves as static resources at {@code /admin/}; here its entry page.
 * The files load without a key (the sign-in page); every API call the console then makes needs one.
 */
@Configuration
class AdminConsole implements WebMvcConfigurer {

    @Override
    public void addViewControllers(ViewControllerRegistry registry) {
        registry.addRedirectViewController("/admin", "/admin/");
        registry.addViewController("/admin/").setViewName("forward:/admin/index.html");
    }
}
