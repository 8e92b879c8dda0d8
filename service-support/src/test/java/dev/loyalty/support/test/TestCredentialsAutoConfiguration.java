package dev.loyalty.support.test;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.webmvc.test.autoconfigure.MockMvcBuilderCustomizer;
import org.springframework.context.annotation.Bean;

import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;

/** Tests only: the auto-configured MockMvc calls as an administrator ({@link TestCredentials#ADMIN}). */
@AutoConfiguration
@ConditionalOnClass(MockMvcBuilderCustomizer.class)
public class TestCredentialsAutoConfiguration {

    @Bean
    MockMvcBuilderCustomizer asAnAdministrator() {
        return builder -> builder.defaultRequest(get("/").header("Authorization", "Bearer " + TestCredentials.ADMIN));
    }
}
