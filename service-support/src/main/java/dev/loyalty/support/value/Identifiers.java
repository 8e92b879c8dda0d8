package dev.loyalty.support.value;

import java.util.regex.Pattern;

/** The contract's rule for every client-chosen identifier (order, customer, store, tier, job ids...). */
public final class Identifiers {

    public static final String PATTERN = "[A-Za-z0-9._:-]{1,64}";
    public static final String RULE = "must be 1-64 characters of A-Z a-z 0-9 . _ : -";

    private static final Pattern COMPILED = Pattern.compile(PATTERN);

    private Identifiers() {
    }

    public static boolean isValid(String value) {
        return value != null && COMPILED.matcher(value).matches();
    }
}
