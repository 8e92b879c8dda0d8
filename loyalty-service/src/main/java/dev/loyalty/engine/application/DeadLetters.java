package dev.loyalty.engine.application;

import dev.loyalty.engine.domain.AccountEvent;

/** Port: sends an input event that breaks a rule (an excess return, also one held until its order came) to the dead-letter topic. */
public interface DeadLetters {

    void reject(AccountEvent event, String reason);
}
