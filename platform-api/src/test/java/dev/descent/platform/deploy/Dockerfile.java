package dev.descent.platform.deploy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/** A Dockerfile read as instructions (continuation lines joined, comments and the syntax directive dropped). */
final class Dockerfile {
    record Instruction(String keyword, String arguments) {
        @Override
        public String toString() {
            return keyword + " " + arguments;
        }
    }

    private Dockerfile() {}

    static List<Instruction> parse(Path file) throws IOException {
        List<Instruction> out = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        for (String raw : Files.readAllLines(file)) {
            String line = raw.strip();
            if (line.startsWith("#") || (line.isEmpty() && current.isEmpty())) continue;
            if (line.endsWith("\\")) {
                current.append(line, 0, line.length() - 1).append(' ');
                continue;
            }
            current.append(line);
            String text = current.toString().strip().replaceAll("\\s+", " ");
            current.setLength(0);
            if (text.isEmpty()) continue;
            int space = text.indexOf(' ');
            out.add(new Instruction(text.substring(0, space).toUpperCase(Locale.ROOT), text.substring(space + 1)));
        }
        return out;
    }

    /** The instructions of each stage, each list starting with its FROM (ARGs before the first FROM left out). */
    static List<List<Instruction>> stages(List<Instruction> all) {
        List<List<Instruction>> stages = new ArrayList<>();
        for (Instruction i : all) {
            if (i.keyword().equals("FROM")) stages.add(new ArrayList<>());
            if (!stages.isEmpty()) stages.getLast().add(i);
        }
        return stages;
    }

    /** The ARGs declared before the first FROM, with their defaults. */
    static Map<String, String> args(List<Instruction> all) {
        Map<String, String> args = new LinkedHashMap<>();
        for (Instruction i : all) {
            if (i.keyword().equals("FROM")) break;
            if (!i.keyword().equals("ARG")) continue;
            String[] kv = i.arguments().split("=", 2);
            args.put(kv[0], kv.length == 2 ? kv[1] : null);
        }
        return args;
    }

    static String substitute(String text, Map<String, String> args) {
        Matcher m = Pattern.compile("\\$\\{(\\w+)}|\\$(\\w+)").matcher(text);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String name = m.group(1) != null ? m.group(1) : m.group(2);
            String value = args.get(name);
            m.appendReplacement(out, Matcher.quoteReplacement(value == null ? m.group() : value));
        }
        return m.appendTail(out).toString();
    }

    static List<Instruction> all(List<Instruction> stage, String keyword) {
        return stage.stream().filter(i -> i.keyword().equals(keyword)).toList();
    }

    static String text(List<Instruction> stage) {
        return stage.stream().map(Instruction::toString).collect(Collectors.joining("\n"));
    }
}
