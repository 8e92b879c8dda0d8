package dev.loyalty.engine.adapter.in.web;

import dev.loyalty.engine.config.LoyaltyProperties;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

import java.util.Map;

/** {@code GET /admin/config.json}: where the console's browser calls order-events-service and audit-service (no secret). */
@RestController
class AdminConsoleConfigController {

    private final LoyaltyProperties.Console console;

    AdminConsoleConfigController(LoyaltyProperties properties) {
        this.console = properties.console();
    }

    @GetMapping("/admin/config.json")
    Map<String, String> config() {
        return Map.of("ordersUrl", console.ordersUrl(), "auditUrl", console.auditUrl());
    }
}
