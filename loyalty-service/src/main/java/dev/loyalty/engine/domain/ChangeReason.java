package dev.loyalty.engine.domain;

/** Why a customer's points or tier changed (the journal's reason). */
public enum ChangeReason {
    ORDER, RETURN, REDEMPTION, OPENING_BALANCE, PERIOD_ROLLOVER, RECALCULATION
}
