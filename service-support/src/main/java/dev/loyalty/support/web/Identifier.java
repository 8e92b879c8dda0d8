package dev.loyalty.support.web;

import dev.loyalty.support.value.Identifiers;
import jakarta.validation.Constraint;
import jakarta.validation.Payload;
import jakarta.validation.ReportAsSingleViolation;
import jakarta.validation.constraints.Pattern;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A client-chosen identifier ({@link Identifiers#RULE}); null passes (add {@code @NotNull} where it is required).
 * On a request field, a path variable or a list element ({@code List<@Identifier String>}).
 */
@Documented
@Pattern(regexp = Identifiers.PATTERN)
@ReportAsSingleViolation
@Constraint(validatedBy = {})
@Target({ElementType.FIELD, ElementType.PARAMETER, ElementType.TYPE_USE, ElementType.METHOD, ElementType.RECORD_COMPONENT})
@Retention(RetentionPolicy.RUNTIME)
public @interface Identifier {

    String message() default Identifiers.RULE;

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};
}
