package dev.loyalty.engine.application;

import dev.loyalty.engine.domain.AccountChange;

import java.util.List;

/** Port: publishes changes to {@code loyalty.account-changes}; returns once the broker has them all. */
public interface AccountChangePublisher {

    void publish(List<AccountChange> changes);
}
