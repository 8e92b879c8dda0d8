package dev.loyalty.localstack;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * {@code ./run-local.sh}'s command line. Ports default to the contract's; arguments naming a service setting
 * ({@code --spring.*}, {@code --loyalty.*}, {@code --orders.*}, {@code --audit.*}, {@code --management.*}) are
 * passed to every service.
 *
 * @param only      the components this JVM runs alone (null: all of them)
 * @param processes each service in a JVM of its own, the broker and the store in this one
 */
record Command(boolean clean, Path dataDir, boolean processes, List<Component> only, int kafkaPort, int mongoPort,
               Services.Ports ports, List<String> serviceArguments) {

    static final String USAGE = "usage: run-local.sh [--clean] [--data-dir=DIR] [--processes] [--only=kafka,mongo,orders,loyalty,audit]"
            + " [--kafka-port=N] [--mongo-port=N] [--orders-port=N] [--loyalty-port=N] [--audit-port=N] [--loyalty.some-setting=V ...]";

    private static final List<String> SERVICE_SETTINGS = List.of("--spring.", "--loyalty.", "--orders.", "--audit.", "--management.", "--logging.");

    /** What one JVM of the stack can run. */
    enum Component {
        KAFKA, MONGO, ORDERS, LOYALTY, AUDIT;

        Services.Service service() {
            return switch (this) {
                case ORDERS -> Services.Service.ORDERS;
                case LOYALTY -> Services.Service.LOYALTY;
                case AUDIT -> Services.Service.AUDIT;
                default -> null;
            };
        }

        int port(Command command) {
            return switch (this) {
                case KAFKA -> command.kafkaPort();
                case MONGO -> command.mongoPort();
                default -> service().port(command.ports());
            };
        }

        String logName() {
            return service() == null ? name().toLowerCase(Locale.ROOT) : service().serviceName();
        }
    }

    /** @throws IllegalArgumentException naming what is wrong */
    static Command parse(String... args) {
        boolean clean = false;
        boolean processes = false;
        Path dataDir = Path.of(".local-data");
        List<Component> only = null;
        int kafka = 9092;
        int mongo = 27017;
        int orders = Services.Ports.DEFAULT.orders();
        int loyalty = Services.Ports.DEFAULT.loyalty();
        int audit = Services.Ports.DEFAULT.audit();
        List<String> serviceArguments = new ArrayList<>();
        for (String arg : args) {
            String value = arg.contains("=") ? arg.substring(arg.indexOf('=') + 1) : "";
            if (arg.equals("--clean")) {
                clean = true;
            } else if (arg.equals("--processes")) {
                processes = true;
            } else if (arg.startsWith("--data-dir=")) {
                dataDir = Path.of(value);
            } else if (arg.startsWith("--only=")) {
                only = Arrays.stream(value.split(",")).map(name -> component(name.trim())).distinct().toList();
            } else if (arg.startsWith("--kafka-port=")) {
                kafka = port(arg, value);
            } else if (arg.startsWith("--mongo-port=")) {
                mongo = port(arg, value);
            } else if (arg.startsWith("--orders-port=")) {
                orders = port(arg, value);
            } else if (arg.startsWith("--loyalty-port=")) {
                loyalty = port(arg, value);
            } else if (arg.startsWith("--audit-port=")) {
                audit = port(arg, value);
            } else if (SERVICE_SETTINGS.stream().anyMatch(arg::startsWith) && arg.contains("=")) {
                serviceArguments.add(arg);
            } else {
                throw new IllegalArgumentException("unknown option " + arg);
            }
        }
        if (processes && only != null) {
            throw new IllegalArgumentException("--processes and --only do not go together");
        }
        return new Command(clean, dataDir, processes, only, kafka, mongo, new Services.Ports(orders, loyalty, audit),
                List.copyOf(serviceArguments));
    }

    /** The arguments that make another JVM run {@code component} of this stack. */
    List<String> argumentsFor(Component component, Path absoluteDataDir) {
        List<String> arguments = new ArrayList<>(List.of("--only=" + component.name().toLowerCase(Locale.ROOT),
                "--data-dir=" + absoluteDataDir, "--kafka-port=" + kafkaPort, "--mongo-port=" + mongoPort,
                "--orders-port=" + ports.orders(), "--loyalty-port=" + ports.loyalty(), "--audit-port=" + ports.audit()));
        arguments.addAll(serviceArguments);
        return arguments;
    }

    private static Component component(String name) {
        try {
            return Component.valueOf(name.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--only takes kafka, mongo, orders, loyalty, audit; not " + name);
        }
    }

    private static int port(String arg, String value) {
        try {
            int port = Integer.parseInt(value);
            if (port > 0 && port < 65536) {
                return port;
            }
        } catch (NumberFormatException e) {
            // below
        }
        throw new IllegalArgumentException(arg + ": a port is a number from 1 to 65535");
    }
}
