package dev.scimserver.architecture;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * No main source file of the server grows past 600 lines: a file that long does more than one job,
 * and a person who forks the project should find the room for a change in one look.
 */
class SourceFileSizeTest {
    private static final int MOST_LINES = 600;

    @Test
    void everyMainSourceFileHasAtMostSixHundredLines() throws IOException {
        Path sources = Path.of("src", "main", "java");
        assertThat(sources).isDirectory();
        Map<String, Integer> tooLong = new TreeMap<>();
        List<Path> files;
        try (Stream<Path> walk = Files.walk(sources)) {
            files = walk.filter(p -> p.toString().endsWith(".java")).toList();
        }
        for (Path file : files) {
            int lines = Files.readAllLines(file).size();
            if (lines > MOST_LINES) {
                tooLong.put(sources.relativize(file).toString(), lines);
            }
        }
        assertThat(files).hasSizeGreaterThan(100);
        assertThat(tooLong).as("main source files over " + MOST_LINES + " lines").isEmpty();
    }
}
