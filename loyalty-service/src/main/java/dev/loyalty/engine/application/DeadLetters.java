package dev.loyalty.engine.application;

import dev.loyalty.engine.domain.AccountEvent;

/** Port: sends an input event that turned out invalid later (a held return) to the dead-letter topic. */
public interface DeadLetters {

    void reject(AccountEvent.OrderReturned event, String reason);
}
