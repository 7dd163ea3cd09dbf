package vn.vnnews.analysis;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.function.Consumer;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.standard.StandardAnalyzer;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;

/**
 * Benchmark (not a test): chars/s of each plugin analyzer against Lucene's StandardAnalyzer on the
 * same generated Vietnamese paragraphs, in the same JVM run. Usage: {@code AnalyzerThroughput
 * [paragraphs] [rounds]}; see docs/benchmarks.md, "Analysis plugin throughput".
 */
public final class AnalyzerThroughput {

    /** Common news syllables; a few in the old tone style (hoà, thuỷ) that vi_normalize rewrites. */
    private static final String[] SYLLABLES = (
        "của và các là có được cho trong đã với những người này không một khi năm theo "
        + "kiểm toán nhà nước báo cáo tài chính ngân sách thu chi quản lý đơn vị tỉnh thành phố "
        + "Hà Nội Việt Nam Chính phủ Quốc hội đại biểu ủy ban nhân dân hội nghị tổ chức triển khai "
        + "kết quả thực hiện dự án đầu tư công trình xây dựng hoà bình thuỷ lợi khoẻ mạnh "
        + "phát triển kinh tế xã hội doanh nghiệp tăng trưởng nguồn vốn tỷ đồng sai phạm kiến nghị "
        + "KTNN TP.HCM COVID 2024 1.000 15,5").split(" ");
    private static final String[] SEPARATORS = {" ", " ", " ", " ", " ", " ", " ", ", ", ". ", "; ", " – "};

    private AnalyzerThroughput() {}

    /** Work done on each paragraph: {@code passes} analyses of it. */
    private record Workload(String name, int passes, Consumer<String> perText) {}

    public static void main(String[] args) {
        int paragraphs = args.length > 0 ? Integer.parseInt(args[0]) : 2000;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        List<String> texts = paragraphs(paragraphs, new Random(0));
        long chars = texts.stream().mapToLong(String::length).sum();
        List<Workload> workloads = workloads();
        Map<Workload, Long> best = new LinkedHashMap<>();
        workloads.forEach(workload -> time(workload, texts)); // JIT and per-thread caches
        // Rounds interleave the workloads, so load from other processes hits all of them alike.
        for (int r = 0; r < rounds; r++) {
            workloads.forEach(workload -> best.merge(workload, time(workload, texts), Math::min));
        }
        System.out.printf(Locale.ROOT, "%d paragraphs, %d chars, best of %d rounds%n", paragraphs, chars, rounds);
        System.out.printf(Locale.ROOT, "| analysis | Mchars/s per analysis | x standard |%n|---|---:|---:|%n");
        double baseline = chars * 1e3 / best.get(workloads.get(0));
        best.forEach((workload, nanos) -> {
            double megaCharsPerSecond = chars * workload.passes() * 1e3 / nanos;
            System.out.printf(Locale.ROOT, "| %s | %.2f | %.2fx |%n",
                workload.name(), megaCharsPerSecond, megaCharsPerSecond / baseline);
        });
    }

    /**
     * The standard baseline, each plugin analyzer over all paragraphs, and the index-time pattern:
     * each paragraph through the five analyzers of a vnnews text field and its sub-fields in turn.
     */
    private static List<Workload> workloads() {
        Map<String, Analyzer> analyzers = new LinkedHashMap<>();
        analyzers.put("vi_exact", new ViExactAnalyzerFactory().create());
        analyzers.put("vi_folded", new ViFoldedAnalyzerFactory().create());
        analyzers.put("vi_notone", new ViNotoneAnalyzerFactory().create());
        analyzers.put("vi_compound", new ViCompoundAnalyzerFactory().create());
        analyzers.put("vi_folded_compound", new ViFoldedCompoundAnalyzerFactory().create());
        List<Workload> workloads = new ArrayList<>();
        Analyzer standard = new StandardAnalyzer();
        workloads.add(new Workload("standard (baseline)", 1, text -> analyze(standard, text)));
        analyzers.forEach((name, analyzer) -> workloads.add(new Workload(name, 1, text -> analyze(analyzer, text))));
        workloads.add(new Workload("all five per paragraph (index pattern)", analyzers.size(),
            text -> analyzers.values().forEach(analyzer -> analyze(analyzer, text))));
        return workloads;
    }

    /** Paragraphs of 80-200 syllables; one in 50 is sent decomposed (NFD), as some sites do. */
    static List<String> paragraphs(int count, Random random) {
        List<String> texts = new ArrayList<>(count);
        for (int p = 0; p < count; p++) {
            StringBuilder text = new StringBuilder();
            int words = 80 + random.nextInt(120);
            for (int w = 0; w < words; w++) {
                text.append(SYLLABLES[random.nextInt(SYLLABLES.length)]);
                text.append(SEPARATORS[random.nextInt(SEPARATORS.length)]);
            }
            String paragraph = text.toString().strip();
            texts.add(p % 50 == 0 ? Normalizer.normalize(paragraph, Normalizer.Form.NFD) : paragraph);
        }
        return texts;
    }

    private static long time(Workload workload, List<String> texts) {
        long start = System.nanoTime();
        texts.forEach(workload.perText());
        return System.nanoTime() - start;
    }

    private static void analyze(Analyzer analyzer, String text) {
        try (TokenStream stream = analyzer.tokenStream("body", text)) {
            CharTermAttribute term = stream.addAttribute(CharTermAttribute.class);
            stream.reset();
            while (stream.incrementToken()) {
                term.length(); // consume the term as an indexer would
            }
            stream.end();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
