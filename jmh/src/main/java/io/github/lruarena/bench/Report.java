package io.github.lruarena.bench;

import java.awt.BasicStroke;
import java.awt.Color;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;
import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.profile.GCProfiler;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.results.format.ResultFormatType;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * Runs the benchmarks through JMH's Runner API and writes the report: JMH's JSON (one file per run
 * and {@code jmh-all.json}), {@code report.md} (ns/op by benchmark and size, ratios against every
 * baseline, the hand-off and workload tables) and PNG charts of ns/op by size (log axes).
 *
 * <pre>
 * Report --profile=quick|full --out=DIR [--include=REGEX] [--sizes=64,1024] [--threads=1,2] [--prof=gc]
 * </pre>
 *
 * With {@code --include}, only the matching benchmarks run, once per thread count (default 1), at the
 * profile's sizes unless {@code --sizes} says otherwise. Run on JDK 22+ with
 * {@code --enable-native-access=ALL-UNNAMED}; the forks get it too.
 */
public final class Report {

    private static final String PKG = "io.github.lruarena.bench.";

    /** Candidates (the pool) and baselines of {@link AllocBench}, in table order. */
    static final List<String> CANDIDATES = List.of("poolAcquireRelease", "poolAcquireReleaseRecycled",
            "poolArenaZeroing", "poolArenaNoZeroing", "poolSharedArena");
    static final List<String> BASELINES = List.of("jdkConfinedArena", "jdkSharedArena", "mallocFree",
            "nettyPooled", "nettyAdaptive", "dequeFloor");
    static final Map<String, String> LABELS = Map.ofEntries(
            Map.entry("poolAcquireRelease", "pool acquire/release (raw)"),
            Map.entry("poolAcquireReleaseRecycled", "pool raw, recycleLeaseSegments"),
            Map.entry("poolArenaZeroing", "pool confined arena, zeroing ARENAS"),
            Map.entry("poolArenaNoZeroing", "pool confined arena, zeroing NEVER"),
            Map.entry("poolSharedArena", "pool shared arena, zeroing ARENAS"),
            Map.entry("jdkConfinedArena", "Arena.ofConfined()"),
            Map.entry("jdkSharedArena", "Arena.ofShared()"),
            Map.entry("mallocFree", "malloc/free (Linker)"),
            Map.entry("nettyPooled", "Netty PooledByteBufAllocator"),
            Map.entry("nettyAdaptive", "Netty AdaptiveByteBufAllocator"),
            Map.entry("dequeFloor", "ArrayDeque floor (thread-private)"),
            Map.entry("PoolRaw", "pool acquire/release (raw)"),
            Map.entry("PoolSharedArena", "pool shared arena"),
            Map.entry("JdkSharedArena", "Arena.ofShared()"),
            Map.entry("MallocFree", "malloc/free (Linker)"),
            Map.entry("NettyPooled", "Netty PooledByteBufAllocator"),
            Map.entry("NettyAdaptive", "Netty AdaptiveByteBufAllocator"),
            Map.entry("poolRaw", "pool raw leases, exact lifetimes"),
            Map.entry("poolArena", "pool confined arena per step (zeroing)"),
            Map.entry("jdkArena", "Arena.ofConfined() per step"));

    /** Series colours: the pool's variants in solid blues and greens, the baselines dashed. */
    static final Map<String, Color> COLORS = Map.ofEntries(
            Map.entry("poolAcquireRelease", new Color(0x1f, 0x4e, 0xc8)),
            Map.entry("poolAcquireReleaseRecycled", new Color(0x5b, 0x8c, 0xff)),
            Map.entry("poolArenaZeroing", new Color(0x1b, 0x9e, 0x4b)),
            Map.entry("poolArenaNoZeroing", new Color(0x00, 0xa5, 0xc8)),
            Map.entry("poolSharedArena", new Color(0x6a, 0x3d, 0x9a)),
            Map.entry("jdkConfinedArena", new Color(0xd6, 0x27, 0x28)),
            Map.entry("jdkSharedArena", new Color(0xff, 0x7f, 0x0e)),
            Map.entry("mallocFree", new Color(0x8c, 0x56, 0x4b)),
            Map.entry("nettyPooled", new Color(0xe3, 0x1a, 0x9c)),
            Map.entry("nettyAdaptive", new Color(0x7f, 0x7f, 0x00)),
            Map.entry("dequeFloor", Color.BLACK));

    /** How long and how wide to run. */
    record Profile(String name, int forks, int warmupIterations, int warmupMillis, int iterations,
                   int iterationMillis, List<String> allocSizes1, List<String> allocSizes2,
                   List<String> handoffSizes, String handoffInclude, List<String> workloadCaps) {

        static Profile of(String name) {
            return switch (name) {
                case "quick" -> new Profile("quick", 1, 1, 500, 3, 400,
                        List.of("64", "65537", "1048576", "16777216"),
                        List.of("1024", "1048576"),
                        List.of("65536"),
                        "(PoolRaw|MallocFree|NettyPooled|NettyAdaptive)",
                        List.of("4", "64"));
                case "full" -> new Profile("full", 2, 3, 1000, 5, 1000,
                        List.of("64", "256", "1024", "4096", "65536", "65537", "262144", "1048576",
                                "1048577", "4194304", "16777216"),
                        List.of("64", "256", "1024", "4096", "65536", "65537", "262144", "1048576",
                                "1048577", "4194304", "16777216"),
                        List.of("1024", "65536", "1048576"),
                        "\\w+",
                        List.of("4", "64"));
                default -> throw new IllegalArgumentException("profile must be quick or full: " + name);
            };
        }
    }

    /** One JMH result, flattened. */
    record Row(String bench, String method, int threads, String size, String capMiB, double score,
               double error, String unit, Map<String, Double> secondary) {
    }

    private final Profile profile;
    private final Path out;
    private final String include;
    private final List<String> sizesOverride;
    private final List<Integer> threadsOverride;
    private final boolean gc;
    private final List<Row> rows = new ArrayList<>();
    private final List<Path> jsonFiles = new ArrayList<>();
    private final List<String> runLog = new ArrayList<>();
    private BenchmarkParams firstParams;

    private Report(Map<String, String> args) {
        profile = Profile.of(args.getOrDefault("profile", "quick").isBlank() ? "quick" : args.get("profile"));
        out = Path.of(args.getOrDefault("out", "jmh/target/report")).toAbsolutePath();
        include = args.getOrDefault("include", "");
        sizesOverride = split(args.getOrDefault("sizes", ""));
        threadsOverride = split(args.getOrDefault("threads", "")).stream().map(Integer::valueOf).toList();
        String prof = args.getOrDefault("prof", "");
        if (!prof.isBlank() && !prof.equals("gc")) {
            throw new IllegalArgumentException("--prof supports gc only: " + prof);
        }
        gc = prof.equals("gc");
    }

    public static void main(String[] argv) throws Exception {
        Map<String, String> args = new LinkedHashMap<>();
        for (String a : argv) {
            if (!a.startsWith("--")) {
                throw new IllegalArgumentException("arguments are --key=value: " + a);
            }
            int eq = a.indexOf('=');
            args.put(eq < 0 ? a.substring(2) : a.substring(2, eq), eq < 0 ? "true" : a.substring(eq + 1));
        }
        new Report(args).run();
    }

    private void run() throws IOException, RunnerException {
        Instant start = Instant.now();
        Files.createDirectories(out);
        Path workloadOut = out.resolve("workload.txt");
        Files.deleteIfExists(workloadOut);
        try (var old = Files.list(out)) {
            for (Path p : old.filter(p -> p.getFileName().toString().matches("jmh-.*\\.json|.*\\.png")).toList()) {
                Files.delete(p);
            }
        }
        String loadBefore = loadAverage();
        System.out.println("# lru-arena report: profile " + profile.name() + ", host JVM "
                + System.getProperty("java.home") + " (" + Runtime.version() + "), out " + out);

        if (!include.isBlank()) {
            List<String> sizes = sizesOverride.isEmpty() ? profile.allocSizes1() : sizesOverride;
            List<Integer> threads = threadsOverride.isEmpty() ? List.of(1) : threadsOverride;
            for (int t : threads) {
                jmh("custom-t" + t, include, t, sizes, profile.workloadCaps());
            }
        } else {
            List<Integer> threads = threadsOverride.isEmpty() ? List.of(1, 2) : threadsOverride;
            for (int t : threads) {
                List<String> sizes = !sizesOverride.isEmpty() ? sizesOverride
                        : t == 1 ? profile.allocSizes1() : profile.allocSizes2();
                jmh("alloc-t" + t, "AllocBench\\.", t, sizes, profile.workloadCaps());
            }
            List<String> handoffSizes = sizesOverride.isEmpty() ? profile.handoffSizes() : sizesOverride;
            jmh("handoff-same", "HandoffBench\\.same" + profile.handoffInclude() + "$", 1, handoffSizes,
                    profile.workloadCaps());
            jmh("handoff-cross", "HandoffBench\\.cross" + profile.handoffInclude() + "$", 2, handoffSizes,
                    profile.workloadCaps());
            for (int t : threads) {
                jmh("workload-t" + t, "MlpWorkloadBench\\.", t, profile.allocSizes1(), profile.workloadCaps());
            }
        }

        mergeJson();
        List<String> charts = charts();
        Duration wall = Duration.between(start, Instant.now());
        String md = markdown(wall, loadBefore, loadAverage(), charts, workloadOut);
        Files.writeString(out.resolve("report.md"), md, StandardCharsets.UTF_8);
        System.out.println();
        System.out.println(md);
        System.out.println("# Report written to " + out.resolve("report.md") + " in "
                + wall.toSeconds() + " s");
    }

    // ------------------------------------------------------------------------------------ running

    private void jmh(String name, String regex, int threads, List<String> sizes, List<String> caps)
            throws RunnerException {
        Path json = out.resolve("jmh-" + name + ".json");
        ChainedOptionsBuilder opts = new OptionsBuilder()
                .include(PKG + regex)
                .forks(profile.forks())
                .warmupIterations(profile.warmupIterations())
                .warmupTime(TimeValue.milliseconds(profile.warmupMillis()))
                .measurementIterations(profile.iterations())
                .measurementTime(TimeValue.milliseconds(profile.iterationMillis()))
                .threads(threads)
                .param("size", sizes.toArray(String[]::new))
                .param("capMiB", caps.toArray(String[]::new))
                .jvmArgsAppend(forkArgs())
                .resultFormat(ResultFormatType.JSON)
                .result(json.toString())
                .shouldFailOnError(true);
        if (gc) {
            opts.addProfiler(GCProfiler.class);
        }
        System.out.println("# run " + name + ": " + regex + ", threads " + threads + ", sizes " + sizes);
        Instant t0 = Instant.now();
        Collection<RunResult> results = new Runner(opts.build()).run();
        runLog.add(String.format(Locale.ROOT, "%s: `%s`, %d thread(s), %d result(s), %d s", name, regex,
                threads, results.size(), Duration.between(t0, Instant.now()).toSeconds()));
        if (Files.exists(json)) {
            jsonFiles.add(json);
        }
        for (RunResult r : results) {
            BenchmarkParams p = r.getParams();
            if (firstParams == null) {
                firstParams = p;
            }
            String bench = p.getBenchmark().substring(PKG.length());
            String method = bench.substring(bench.indexOf('.') + 1);
            double score = r.getPrimaryResult().getScore();
            double error = r.getPrimaryResult().getScoreError();
            String unit = r.getPrimaryResult().getScoreUnit();
            Map<String, Double> secondary = new LinkedHashMap<>();
            r.getSecondaryResults().forEach((label, result) -> secondary.put(label, result.getScore()));
            String size = p.getParamsKeys().contains("size") ? p.getParam("size") : "";
            String cap = p.getParamsKeys().contains("capMiB") ? p.getParam("capMiB") : "";
            rows.add(new Row(bench, method, p.getThreads(), size, cap, score, error, unit, secondary));
        }
    }

    /** What every fork gets besides the host's own JVM arguments (which JMH passes on). */
    private String[] forkArgs() {
        List<String> args = new ArrayList<>(List.of("--enable-native-access=ALL-UNNAMED",
                "-Dio.netty.leakDetection.level=disabled",
                "-Dlruarena.bench.workloadOut=" + out.resolve("workload.txt")));
        if (Runtime.version().feature() >= 23) {
            // JMH 1.37 itself calls sun.misc.Unsafe; keep the JDK's deprecation warning out of the log.
            args.add("--sun-misc-unsafe-memory-access=allow");
        }
        return args.toArray(String[]::new);
    }

    private void mergeJson() throws IOException {
        List<String> parts = new ArrayList<>();
        for (Path json : jsonFiles) {
            String s = Files.readString(json).strip();
            if (s.startsWith("[") && s.endsWith("]")) {
                s = s.substring(1, s.length() - 1).strip();
            }
            if (!s.isEmpty()) {
                parts.add(s);
            }
        }
        Files.writeString(out.resolve("jmh-all.json"), "[\n" + String.join(",\n", parts) + "\n]\n");
    }

    // ------------------------------------------------------------------------------------ charts

    private List<String> charts() throws IOException {
        List<String> files = new ArrayList<>();
        Set<Integer> threadCounts = new TreeSet<>();
        for (Row r : rows) {
            if (r.bench().startsWith("AllocBench.")) {
                threadCounts.add(r.threads());
            }
        }
        for (int t : threadCounts) {
            List<Row> alloc = allocRows(t);
            if (sizes(alloc).size() < 2) {
                continue;
            }
            XYChart chart = new XYChartBuilder().width(1280).height(720)
                    .title("lru-arena: get + touch + give back, " + t + " thread(s): ns/op by size (log-log, lower is better)")
                    .xAxisTitle("buffer size (bytes)").yAxisTitle("ns/op").build();
            org.knowm.xchart.style.XYStyler styler = chart.getStyler();
            styler.setXAxisLogarithmic(true);
            styler.setYAxisLogarithmic(true);
            styler.setXAxisDecimalPattern("#,###");
            styler.setYAxisDecimalPattern("#,###.#");
            styler.setLegendPosition(Styler.LegendPosition.OutsideE);
            styler.setChartBackgroundColor(Color.WHITE);
            styler.setLegendBorderColor(Color.LIGHT_GRAY);
            styler.setPlotGridLinesVisible(true);
            styler.setMarkerSize(8);
            for (String method : methods(alloc)) {
                List<Row> series = alloc.stream().filter(r -> r.method().equals(method))
                        .sorted((a, b) -> Long.compare(Long.parseLong(a.size()), Long.parseLong(b.size()))).toList();
                double[] x = series.stream().mapToDouble(r -> Double.parseDouble(r.size())).toArray();
                double[] y = series.stream().mapToDouble(r -> Math.max(r.score(), 1e-3)).toArray();
                XYSeries s = chart.addSeries(LABELS.getOrDefault(method, method), x, y);
                boolean candidate = CANDIDATES.contains(method);
                s.setLineColor(COLORS.getOrDefault(method, Color.DARK_GRAY));
                s.setMarkerColor(COLORS.getOrDefault(method, Color.DARK_GRAY));
                s.setMarker(candidate ? SeriesMarkers.CIRCLE : SeriesMarkers.DIAMOND);
                s.setLineStyle(candidate ? new BasicStroke(3f)
                        : new BasicStroke(2f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, new float[] {7f, 4f}, 0f));
            }
            String file = "alloc-t" + t + ".png";
            BitmapEncoder.saveBitmap(chart, out.resolve(file).toString(), BitmapEncoder.BitmapFormat.PNG);
            files.add(file);
        }
        return files;
    }

    // ------------------------------------------------------------------------------------ Markdown

    private String markdown(Duration wall, String loadBefore, String loadAfter, List<String> charts,
                            Path workloadOut) throws IOException {
        StringBuilder md = new StringBuilder();
        md.append("# lru-arena benchmark report\n\n");
        md.append("- Date: ").append(DateTimeFormatter.ISO_INSTANT.format(Instant.now().atOffset(ZoneOffset.UTC)))
                .append(", profile **").append(profile.name()).append("**, wall ").append(wall.toSeconds()).append(" s\n");
        if (firstParams != null) {
            md.append("- Forked JVM: ").append(firstParams.getJvm()).append(", JDK ")
                    .append(firstParams.getJdkVersion()).append(", ").append(firstParams.getVmName()).append(' ')
                    .append(firstParams.getVmVersion()).append("; JMH ").append(firstParams.getJmhVersion()).append('\n');
            md.append("- JVM args: `").append(String.join(" ", firstParams.getJvmArgs())).append("`\n");
        }
        md.append("- Host JVM: ").append(System.getProperty("java.home")).append(" (").append(Runtime.version())
                .append("), ").append(Runtime.getRuntime().availableProcessors()).append(" CPUs, load average before ")
                .append(loadBefore).append(", after ").append(loadAfter).append('\n');
        md.append("- JMH: ").append(profile.forks()).append(" fork(s), ").append(profile.warmupIterations())
                .append(" x ").append(profile.warmupMillis()).append(" ms warm-up, ").append(profile.iterations())
                .append(" x ").append(profile.iterationMillis()).append(" ms measurement, mode avgt")
                .append(gc ? ", -prof gc" : "").append('\n');
        md.append("- Netty ").append(nettyVersion()).append(", leak detection disabled; pooled allocator with thread caches for all threads, adaptive allocator with caches for non-event-loop threads\n");
        md.append("- Runs: ").append(String.join("; ", runLog)).append("\n\n");
        md.append("One op = get a buffer of the size, write a long at offset 0 and at the end, read one back, give it back. "
                + "Scores are JMH averages with their 99.9% error; on a shared 2-core machine compare rows of the same run "
                + "(ratios), not absolute numbers across runs. Arenas (JDK and pool with zeroing ARENAS) hand out zeroed memory; "
                + "raw leases, malloc and Netty do not.\n\n");

        Set<Integer> threadCounts = new TreeSet<>();
        for (Row r : rows) {
            if (r.bench().startsWith("AllocBench.")) {
                threadCounts.add(r.threads());
            }
        }
        for (int t : threadCounts) {
            List<Row> alloc = allocRows(t);
            List<String> sizes = sizes(alloc);
            md.append("## ns/op, ").append(t).append(" thread(s)").append(t > 1 ? " sharing each pool/allocator" : "")
                    .append("\n\n");
            header(md, "allocator", sizes);
            for (String method : methods(alloc)) {
                md.append("| ").append(LABELS.getOrDefault(method, method));
                for (String size : sizes) {
                    Row r = find(alloc, method, size);
                    md.append(" | ").append(r == null ? "" : score(r));
                }
                md.append(" |\n");
            }
            md.append('\n');
            if (charts.contains("alloc-t" + t + ".png")) {
                md.append("![ns/op by size, ").append(t).append(" thread(s)](alloc-t").append(t).append(".png)\n\n");
            }
            md.append("### Ratios, ").append(t).append(" thread(s): candidate ns/op ÷ baseline ns/op (below 1: the pool is faster)\n\n");
            header(md, "candidate ÷ baseline", sizes);
            for (String c : CANDIDATES) {
                for (String b : BASELINES) {
                    if (methods(alloc).contains(c) && methods(alloc).contains(b)) {
                        md.append("| ").append(c).append(" ÷ ").append(b);
                        for (String size : sizes) {
                            Row rc = find(alloc, c, size);
                            Row rb = find(alloc, b, size);
                            md.append(" | ").append(rc == null || rb == null ? "" : ratio(rc.score() / rb.score()));
                        }
                        md.append(" |\n");
                    }
                }
            }
            md.append('\n');
        }

        handoff(md);
        workload(md, workloadOut);
        gcTable(md);
        custom(md);

        md.append("## Files\n\n");
        for (Path json : jsonFiles) {
            md.append("- `").append(json.getFileName()).append("`: JMH JSON of one run\n");
        }
        md.append("- `jmh-all.json`: all runs in one JSON array (load into https://jmh.morethan.io)\n");
        for (String chart : charts) {
            md.append("- `").append(chart).append("`: ns/op by size per allocator, log-log\n");
        }
        return md.toString();
    }

    private void handoff(StringBuilder md) {
        List<Row> same = rows.stream().filter(r -> r.bench().startsWith("HandoffBench.same")).toList();
        List<Row> cross = rows.stream().filter(r -> r.bench().startsWith("HandoffBench.cross")).toList();
        if (same.isEmpty() && cross.isEmpty()) {
            return;
        }
        md.append("## Hand-off: same thread vs acquire on one thread, release on another (ns per buffer)\n\n");
        md.append("Same thread: get, touch, pass through a ring, take, give back, on one thread. Cross thread: a JMH "
                + "@Group of 2, one thread gets + touches + passes, the other takes + gives back; the group's score is "
                + "the time per buffer of the pipeline.\n\n");
        md.append("| allocator | size | same thread | cross thread | cross ÷ same | pool raw ÷ this (cross) |\n");
        md.append("|---|---:|---:|---:|---:|---:|\n");
        Set<String> kinds = new LinkedHashSet<>();
        for (Row r : cross) {
            kinds.add(r.method().substring("cross".length()));
        }
        for (Row r : same) {
            kinds.add(r.method().substring("same".length()));
        }
        for (String size : sizes(rows.stream().filter(r -> r.bench().startsWith("HandoffBench.")).toList())) {
            Row poolCross = find(cross, "crossPoolRaw", size);
            for (String kind : kinds) {
                Row s = find(same, "same" + kind, size);
                Row c = find(cross, "cross" + kind, size);
                md.append("| ").append(LABELS.getOrDefault(kind, kind)).append(" | ").append(bytes(size))
                        .append(" | ").append(s == null ? "" : score(s))
                        .append(" | ").append(c == null ? "" : score(c))
                        .append(" | ").append(s == null || c == null ? "" : ratio(c.score() / s.score()))
                        .append(" | ").append(poolCross == null || c == null ? "" : ratio(poolCross.score() / c.score()))
                        .append(" |\n");
            }
        }
        md.append('\n');
    }

    private void workload(StringBuilder md, Path workloadOut) throws IOException {
        List<Row> work = rows.stream().filter(r -> r.bench().startsWith("MlpWorkloadBench.")).toList();
        if (work.isEmpty()) {
            return;
        }
        Map<String, Map<String, String>> memory = new LinkedHashMap<>();
        if (Files.exists(workloadOut)) {
            for (String line : Files.readAllLines(workloadOut)) {
                Map<String, String> kv = new LinkedHashMap<>();
                for (String pair : line.strip().split("\\s+")) {
                    int eq = pair.indexOf('=');
                    if (eq > 0) {
                        kv.put(pair.substring(0, eq), pair.substring(eq + 1));
                    }
                }
                memory.put(kv.get("method") + "/" + kv.get("threads") + "/" + kv.get("capMiB"), kv);
            }
        }
        MlpTrace trace = MlpWorkloadBench.TRACE;
        md.append("## Workload: MLP training step replay (784-512-256-10, batch 32, float32)\n\n");
        md.append(String.format(Locale.ROOT, "Each op replays one step: %d allocations from %s to %s, touched and freed "
                        + "as the step goes (raw, malloc) or at step end (arenas). Per worker: %s live at peak with exact "
                        + "lifetimes, %s allocated per step. Workers share one pool capped at maxRetainedBytes = cap. "
                        + "Requested peak = threads × per-worker peak (an upper bound); pool peak in use and native "
                        + "count class sizes; native is the largest nativeBytes seen at an iteration's end (in use + retained).\n\n",
                trace.allocations, bytes(String.valueOf(Arrays.stream(trace.size).filter(x -> x > 0).min().orElse(0))),
                bytes(String.valueOf(Arrays.stream(trace.size).max().orElse(0))), mib(trace.peakLiveBytes), mib(trace.stepBytes)));
        md.append("| variant | threads | cap | µs/step | ÷ Arena.ofConfined() | requested peak | pool peak in use | pool native | hits / misses / evictions |\n");
        md.append("|---|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        List<String> order = List.of("poolRaw", "poolArena", "mallocFree", "jdkArena");
        List<Row> sorted = new ArrayList<>(work);
        sorted.sort((a, b) -> {
            int c = Integer.compare(a.threads(), b.threads());
            if (c == 0) {
                c = Long.compare(a.capMiB().isEmpty() ? Long.MAX_VALUE : Long.parseLong(a.capMiB()),
                        b.capMiB().isEmpty() ? Long.MAX_VALUE : Long.parseLong(b.capMiB()));
            }
            return c != 0 ? c : Integer.compare(order.indexOf(a.method()), order.indexOf(b.method()));
        });
        for (Row r : sorted) {
            // The JDK arena and malloc do not use the pool, so JMH runs them once per thread count.
            Row base = work.stream().filter(x -> x.method().equals("jdkArena") && x.threads() == r.threads())
                    .findFirst().orElse(null);
            Map<String, String> m = memory.getOrDefault(r.method() + "/" + r.threads() + "/" + r.capMiB(), Map.of());
            boolean pool = r.method().startsWith("pool");
            boolean arenaPerStep = r.method().endsWith("Arena");
            long requested = r.threads() * (arenaPerStep ? trace.stepBytes : trace.peakLiveBytes);
            md.append("| ").append(LABELS.getOrDefault(r.method(), r.method()))
                    .append(" | ").append(r.threads())
                    .append(" | ").append(pool ? r.capMiB() + " MiB" : "–")
                    .append(" | ").append(score(r))
                    .append(" | ").append(base == null ? "" : ratio(r.score() / base.score()))
                    .append(" | ").append(mib(requested))
                    .append(" | ").append(pool && m.containsKey("poolPeakInUseBytes") ? mib(Long.parseLong(m.get("poolPeakInUseBytes"))) : "–")
                    .append(" | ").append(pool && m.containsKey("poolMaxNativeBytes") ? mib(Long.parseLong(m.get("poolMaxNativeBytes"))) : "–")
                    .append(" | ").append(pool && m.containsKey("hits") ? m.get("hits") + " / " + m.get("misses") + " / " + m.get("evictions") : "–")
                    .append(" |\n");
        }
        md.append("\nThe JDK-arena and malloc rows do not use the pool or its cap; each runs once per thread count and is the "
                + "baseline of every cap. A pool miss allocates with aligned_alloc and an eviction frees: many misses mean "
                + "the cap is below the step's working set (LRU evicts exactly the blocks the next step needs first).\n\n");
    }

    private void gcTable(StringBuilder md) {
        List<Row> withGc = rows.stream().filter(r -> r.secondary().containsKey("gc.alloc.rate.norm")).toList();
        if (withGc.isEmpty()) {
            return;
        }
        md.append("## -prof gc: Java heap bytes allocated per op\n\n");
        md.append("| benchmark | threads | size | ns/op | gc.alloc.rate.norm (B/op) | gc.count |\n|---|---:|---:|---:|---:|---:|\n");
        for (Row r : withGc) {
            md.append("| ").append(r.bench()).append(" | ").append(r.threads()).append(" | ")
                    .append(r.size().isEmpty() ? "–" : bytes(r.size())).append(" | ").append(fmt(r.score()))
                    .append(" | ").append(fmt(r.secondary().get("gc.alloc.rate.norm"))).append(" | ")
                    .append(fmt(r.secondary().getOrDefault("gc.count", 0.0))).append(" |\n");
        }
        md.append('\n');
    }

    /** Every result not in the tables above (a custom --include of other benchmarks). */
    private void custom(StringBuilder md) {
        if (include.isBlank()) {
            return;
        }
        md.append("## All results of this run\n\n| benchmark | threads | size | cap | score | unit |\n|---|---:|---:|---:|---:|---|\n");
        for (Row r : rows) {
            md.append("| ").append(r.bench()).append(" | ").append(r.threads()).append(" | ")
                    .append(r.size().isEmpty() ? "–" : bytes(r.size())).append(" | ")
                    .append(r.capMiB().isEmpty() ? "–" : r.capMiB()).append(" | ")
                    .append(score(r)).append(" | ").append(r.unit()).append(" |\n");
        }
        md.append('\n');
    }

    // ------------------------------------------------------------------------------------ helpers

    private List<Row> allocRows(int threads) {
        return rows.stream().filter(r -> r.bench().startsWith("AllocBench.") && r.threads() == threads).toList();
    }

    private static List<String> sizes(List<Row> rows) {
        return rows.stream().map(Row::size).filter(s -> !s.isEmpty()).distinct()
                .sorted((a, b) -> Long.compare(Long.parseLong(a), Long.parseLong(b))).toList();
    }

    private static List<String> methods(List<Row> rows) {
        List<String> order = new ArrayList<>(CANDIDATES);
        order.addAll(BASELINES);
        Set<String> present = rows.stream().map(Row::method).collect(Collectors.toSet());
        List<String> result = new ArrayList<>(order.stream().filter(present::contains).toList());
        present.stream().filter(m -> !order.contains(m)).sorted().forEach(result::add);
        return result;
    }

    private static Row find(List<Row> rows, String method, String size) {
        return rows.stream().filter(r -> r.method().equals(method) && r.size().equals(size)).findFirst().orElse(null);
    }

    private static void header(StringBuilder md, String first, List<String> sizes) {
        md.append("| ").append(first);
        for (String s : sizes) {
            md.append(" | ").append(bytes(s));
        }
        md.append(" |\n|---");
        md.append("|---:".repeat(sizes.size())).append("|\n");
    }

    static String bytes(String size) {
        long n = Long.parseLong(size);
        String[] units = {"B", "KiB", "MiB", "GiB"};
        int u = 0;
        long base = 1;
        while (u < units.length - 1 && n >= base * 1024) {
            base *= 1024;
            u++;
        }
        long whole = n / base;
        long rest = n - whole * base;
        if (rest == 0) {
            return whole + " " + units[u];
        }
        if (rest < 64) {
            return whole + " " + units[u] + " + " + rest; // a class boundary: 64 KiB + 1
        }
        return String.format(Locale.ROOT, "%.2f %s", n / (double) base, units[u]);
    }

    private static String mib(long bytes) {
        return String.format(Locale.ROOT, "%.2f MiB", bytes / 1048576.0);
    }

    /** The score, with JMH's 99.9% error when it has one (3 or more samples). */
    private static String score(Row r) {
        return Double.isNaN(r.error()) ? fmt(r.score()) : fmt(r.score()) + " ± " + fmt(r.error());
    }

    private static String fmt(double v) {
        if (Double.isNaN(v)) {
            return "–";
        }
        double a = Math.abs(v);
        return String.format(Locale.ROOT, a >= 1000 ? "%.0f" : a >= 100 ? "%.1f" : a >= 10 ? "%.2f" : "%.3f", v);
    }

    private static String ratio(double r) {
        if (Double.isNaN(r) || Double.isInfinite(r)) {
            return "–";
        }
        if (r >= 10) {
            return String.format(Locale.ROOT, "%.0f", r);
        }
        return new java.math.BigDecimal(r).round(new java.math.MathContext(2)).toPlainString();
    }

    private static List<String> split(String csv) {
        return csv.isBlank() ? List.of() : Arrays.stream(csv.split(",")).map(String::strip).filter(s -> !s.isEmpty()).toList();
    }

    private static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).strip().split("\\s+", 4)[0];
        } catch (IOException | RuntimeException e) {
            return "?";
        }
    }

    private static String nettyVersion() {
        try {
            return io.netty.util.Version.identify().values().stream().map(v -> v.artifactVersion())
                    .filter(v -> v != null).findFirst().orElse("?");
        } catch (RuntimeException | LinkageError e) {
            return "?";
        }
    }
}
