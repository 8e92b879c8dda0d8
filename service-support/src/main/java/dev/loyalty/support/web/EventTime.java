package dev.loyalty.support.web;

import dev.loyalty.support.InputBounds;
import jakarta.validation.Constraint;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import jakarta.validation.Payload;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.time.Clock;
import java.time.OffsetDateTime;

/**
 * An event time within the contract's bounds: not before {@code loyalty.earliest-time}, not more than
 * {@code loyalty.max-clock-skew} after this server's clock ({@link InputBounds#timeProblem}); null passes.
 */
@Documented
@Constraint(validatedBy = EventTime.Validator.class)
@Target({ElementType.FIELD, ElementType.PARAMETER, ElementType.TYPE_USE, ElementType.METHOD, ElementType.RECORD_COMPONENT})
@Retention(RetentionPolicy.RUNTIME)
public @interface EventTime {

    String message() default "must be within the accepted time range";

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};

    /** Created by Spring's validator factory, with the service's bounds and clock. */
    class Validator implements ConstraintValidator<EventTime, OffsetDateTime> {

        private final InputBounds bounds;
        private final Clock clock;

        public Validator(InputBounds bounds, Clock clock) {
            this.bounds = bounds;
            this.clock = clock;
        }

        @Override
        public boolean isValid(OffsetDateTime value, ConstraintValidatorContext context) {
            if (value == null) {
                return true;
            }
            String problem = bounds.timeProblem(value.toInstant(), clock.instant());
            if (problem != null) {
                context.disableDefaultConstraintViolation();
                context.buildConstraintViolationWithTemplate(problem.replace("{", "\\{").replace("$", "\\$"))
                        .addConstraintViolation();
            }
            return problem == null;
        }
    }
}
