package dev.loyalty.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Collectors;

/** The run's figures as a table on stdout and as a flat JSON object in a file. */
final class Report {

    private Report() {
    }

    static void print(Map<String, Object> figures, boolean passed) {
        System.out.println();
        System.out.println("| figure | value |");
        System.out.println("| --- | --- |");
        figures.forEach((name, value) -> System.out.printf("| %s | %s |%n", name, format(value)));
        System.out.println();
        System.out.println(passed ? "CORRECTNESS GATE PASSED" : "FAILED: the correctness gate found mismatches (see MISMATCH lines)");
    }

    static void writeJson(Path file, Map<String, Object> figures, boolean passed) throws IOException {
        if (file.getParent() != null) {
            Files.createDirectories(file.getParent());
        }
        String body = figures.entrySet().stream()
                .map(e -> "  \"" + e.getKey() + "\": " + (e.getValue() instanceof Number ? e.getValue() : "\"" + e.getValue() + "\""))
                .collect(Collectors.joining(",\n"));
        Files.writeString(file, "{\n" + body + ",\n  \"gatePassed\": " + passed + "\n}\n");
        System.out.println("figures written to " + file);
    }

    private static String format(Object value) {
        if (value instanceof Long || value instanceof Integer) {
            return String.format("%,d", ((Number) value).longValue());
        }
        return String.valueOf(value);
    }
}
