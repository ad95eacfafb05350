package org.facenas.search;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Opens a page in headless Chromium (Debian's package: apt-get install chromium) and returns the rendered DOM. */
final class HeadlessChromium {

    private HeadlessChromium() {
    }

    static Path binary() {
        for (String c : List.of("/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome")) {
            if (Files.isExecutable(Path.of(c))) {
                return Path.of(c);
            }
        }
        throw new AssertionError("headless Chromium is needed for the report test: apt-get install chromium (.ci/run does)");
    }

    static String run(Path workDir, String... args) throws Exception {
        List<String> cmd = new java.util.ArrayList<>(List.of(binary().toString(), "--headless", "--no-sandbox", "--disable-gpu",
                "--disable-dev-shm-usage", "--user-data-dir=" + workDir.resolve("chromium-profile"), "--virtual-time-budget=10000"));
        cmd.addAll(List.of(args));
        Path out = workDir.resolve("chromium.out");
        Process p = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(workDir.resolve("chromium.err").toFile()).start();
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "chromium did not finish in 120 s");
        return Files.readString(out);
    }

    static String dumpDom(Path page, Path workDir) throws Exception {
        return run(workDir, "--dump-dom", page.toUri().toString());
    }

    static Path screenshot(Path page, Path workDir) throws Exception {
        Path png = workDir.resolve("report.png");
        run(workDir, "--screenshot=" + png, "--window-size=1200,2200", page.toUri().toString());
        return png;
    }
}
