package dev.loyalty.support.test;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The API keys every service's tests run with (registered for tests only, from this test jar), unless a test
 * configures keys of its own: one per role, a POS key scoped to store {@code s-1}, and an expired admin key. The
 * auto-configured MockMvc sends {@link #ADMIN} with every request ({@link TestCredentialsAutoConfiguration}), so a
 * test about a rule other than access reads as before; the access tests build their own MockMvc.
 */
public final class TestCredentials implements EnvironmentPostProcessor {

    public static final String ADMIN = "test-admin-key";
    public static final String POS = "test-pos-key";
    public static final String POS_STORE_S1 = "test-pos-s1-key";
    public static final String VIEWER = "test-viewer-key";
    public static final String METRICS = "test-metrics-key";
    public static final String EXPIRED_ADMIN = "test-expired-key";

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        if (environment.containsProperty("loyalty.security.api-keys[0].sha256")) {
            return;
        }
        Map<String, Object> properties = new LinkedHashMap<>();
        properties.put("loyalty.security.api-keys[0].name", "test-admin");
        properties.put("loyalty.security.api-keys[0].sha256", "944650a7cd0f9e14d5c4fb15edbffb7fa45fb9ed36a4fa9be3d7e5476ae51bd9"); // test-admin-key
        properties.put("loyalty.security.api-keys[0].roles[0]", "ADMIN");
        properties.put("loyalty.security.api-keys[1].name", "test-pos");
        properties.put("loyalty.security.api-keys[1].sha256", "548e12808f76699dbddf241f149b1e1dcde1d3b3d0cb940c7c84ef49cceeb3b9"); // test-pos-key
        properties.put("loyalty.security.api-keys[1].roles[0]", "POS");
        properties.put("loyalty.security.api-keys[2].name", "test-pos-s1");
        properties.put("loyalty.security.api-keys[2].sha256", "d241886ec25463fa5e11e08b5f0a2c3e47a4045e72396caec59eedefb90655ec"); // test-pos-s1-key
        properties.put("loyalty.security.api-keys[2].roles[0]", "POS");
        properties.put("loyalty.security.api-keys[2].stores[0]", "s-1");
        properties.put("loyalty.security.api-keys[3].name", "test-viewer");
        properties.put("loyalty.security.api-keys[3].sha256", "fd80d1e4f40ed2e01bdc08a29f7606f79c442689bd400a85b7d0b8fbdeb9e4b9"); // test-viewer-key
        properties.put("loyalty.security.api-keys[3].roles[0]", "VIEWER");
        properties.put("loyalty.security.api-keys[4].name", "test-metrics");
        properties.put("loyalty.security.api-keys[4].sha256", "c098c85c40d6cf2cd466570e47371a5ec7cfc22c37585e05188869dec452347e"); // test-metrics-key
        properties.put("loyalty.security.api-keys[4].roles[0]", "METRICS");
        properties.put("loyalty.security.api-keys[5].name", "test-expired");
        properties.put("loyalty.security.api-keys[5].sha256", "8fc2abfeb2666bf78ca2b4206a917237ce708e7f63a5fdf77c11638b78acfc2e"); // test-expired-key
        properties.put("loyalty.security.api-keys[5].roles[0]", "ADMIN");
        properties.put("loyalty.security.api-keys[5].expires-at", "2020-01-01T00:00:00Z");
        environment.getPropertySources().addLast(new MapPropertySource("test-credentials", properties));
    }
}
