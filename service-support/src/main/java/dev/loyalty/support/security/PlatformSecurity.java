package dev.loyalty.support.security;

import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.http.HttpMethod;
import org.springframework.security.authentication.ProviderManager;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.server.resource.web.BearerTokenResolver;
import org.springframework.security.oauth2.server.resource.web.DefaultBearerTokenResolver;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.AuthenticationFilter;
import org.springframework.security.web.authentication.www.BasicAuthenticationFilter;
import org.springframework.web.cors.CorsConfiguration;
import org.springframework.web.cors.CorsConfigurationSource;
import org.springframework.web.cors.UrlBasedCorsConfigurationSource;

import java.time.Clock;
import java.time.Duration;
import java.util.List;

/**
 * Contract "Authentication and roles", configured once for every service: stateless, no session, no CSRF (no
 * cookies, so nothing to forge), every endpoint authenticated but {@code /actuator/health/**}. API keys from
 * {@link AccessProperties}; JWTs too when a {@link JwtDecoder} exists (Boot makes one from
 * {@code spring.security.oauth2.resourceserver.jwt.*}). The roles table is the contract's; the three services'
 * paths do not overlap, so one table serves them all.
 */
// before Boot's security auto-configurations: they back off when this chain (and no-users service) exist
@AutoConfiguration(beforeName = {"org.springframework.boot.security.oauth2.server.resource.autoconfigure.servlet.OAuth2ResourceServerAutoConfiguration",
        "org.springframework.boot.security.autoconfigure.web.servlet.ServletWebSecurityAutoConfiguration",
        "org.springframework.boot.security.autoconfigure.UserDetailsServiceAutoConfiguration"})
@EnableConfigurationProperties(AccessProperties.class)
public class PlatformSecurity {

    /** No users and no passwords: Boot would otherwise make one and log its generated password. */
    @Bean
    org.springframework.security.core.userdetails.UserDetailsService noUsers() {
        return username -> {
            throw new org.springframework.security.core.userdetails.UsernameNotFoundException("callers use API keys or tokens");
        };
    }

    @Bean
    SecurityProblems securityProblems(MeterRegistry metrics) {
        return new SecurityProblems(metrics);
    }

    @Bean
    SecurityFilterChain platformSecurityFilterChain(HttpSecurity http, AccessProperties access, Clock clock,
                                                    SecurityProblems problems, ObjectProvider<JwtDecoder> jwtDecoder) throws Exception {
        boolean jwts = jwtDecoder.getIfAvailable() != null;
        AuthenticationFilter apiKeys = new AuthenticationFilter(new ProviderManager(new ApiKeyAuthentication.Provider(access, clock)),
                ApiKeyAuthentication.converter(jwts));
        apiKeys.setRequestMatcher(request -> !isHealth(request)); // a probe's stray header changes nothing
        apiKeys.setSuccessHandler((request, response, authentication) -> { }); // go on to the endpoint
        apiKeys.setFailureHandler(problems::commence);
        http.csrf(csrf -> csrf.disable())
                .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .httpBasic(b -> b.disable())
                .formLogin(f -> f.disable())
                .logout(l -> l.disable())
                .requestCache(c -> c.disable())
                .cors(cors -> cors.configurationSource(corsOf(access)))
                .addFilterBefore(apiKeys, BasicAuthenticationFilter.class)
                .exceptionHandling(e -> e.authenticationEntryPoint(problems).accessDeniedHandler(problems))
                .authorizeHttpRequests(rules -> rules
                        .requestMatchers("/actuator/health", "/actuator/health/**", "/error").permitAll()
                        .requestMatchers(HttpMethod.GET, "/admin", "/admin/**").permitAll() // the console's static files: its sign-in page
                        .requestMatchers(HttpMethod.OPTIONS, "/api/**").permitAll() // CORS preflights carry no credentials
                        .requestMatchers(HttpMethod.GET, "/actuator/prometheus").hasAnyRole("METRICS", "ADMIN")
                        .requestMatchers("/actuator/**").hasRole("ADMIN")
                        .requestMatchers(HttpMethod.POST, "/api/v1/orders", "/api/v1/returns").hasAnyRole("POS", "ADMIN")
                        .requestMatchers(HttpMethod.GET, "/api/v1/customers/*").hasAnyRole("POS", "VIEWER", "ADMIN")
                        .requestMatchers(HttpMethod.POST, "/api/v1/customers/*/redemptions").hasAnyRole("POS", "ADMIN")
                        .requestMatchers(HttpMethod.GET, "/**").hasAnyRole("VIEWER", "ADMIN")
                        .anyRequest().hasRole("ADMIN"));
        if (jwts) {
            DefaultBearerTokenResolver bearer = new DefaultBearerTokenResolver();
            BearerTokenResolver jwtOnly = request -> {
                String token = isHealth(request) ? null : bearer.resolve(request);
                return token != null && ApiKeyAuthentication.looksLikeJwt(token) ? token : null;
            };
            http.oauth2ResourceServer(o -> o.bearerTokenResolver(jwtOnly).authenticationEntryPoint(problems)
                    .accessDeniedHandler(problems)
                    .jwt(j -> j.jwtAuthenticationConverter(new JwtRoles(access.jwtRolesClaim()))));
        }
        return http.build();
    }

    /**
     * Browsers may call the API from the configured origins only (the admin console's), with a key in a header (no
     * cookies, so no credentials mode); none configured: no cross-origin call at all.
     */
    static CorsConfigurationSource corsOf(AccessProperties access) {
        UrlBasedCorsConfigurationSource source = new UrlBasedCorsConfigurationSource();
        if (!access.corsAllowedOrigins().isEmpty()) {
            CorsConfiguration api = new CorsConfiguration();
            api.setAllowedOrigins(access.corsAllowedOrigins());
            api.setAllowedMethods(List.of("GET", "POST", "PUT", "DELETE"));
            api.setAllowedHeaders(List.of("Authorization", "X-API-Key", "Content-Type", "Accept"));
            api.setExposedHeaders(List.of("Location", "WWW-Authenticate"));
            api.setAllowCredentials(false);
            api.setMaxAge(Duration.ofHours(1));
            source.registerCorsConfiguration("/api/**", api);
        }
        return source;
    }

    private static boolean isHealth(jakarta.servlet.http.HttpServletRequest request) {
        String path = request.getRequestURI().substring(request.getContextPath().length());
        return path.equals("/actuator/health") || path.startsWith("/actuator/health/");
    }
}
