package io.commercebus.sandbox.amazon;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.TreeMap;
import java.util.zip.GZIPOutputStream;

/**
 * The seller's reports (Reports API 2021-06-30). Amazon publishes settlement reports on its own
 * schedule; they are DONE when they appear, their document on the sandbox's S3 side. A report a
 * client requests with createReport waits IN_QUEUE for the processing delay, is IN_PROGRESS for
 * another, and ends FATAL without a document: the sandbox generates no other report type. Only a
 * report still IN_QUEUE can be cancelled. Reports older than 90 days are gone.
 */
final class Reports {

    static final String SETTLEMENT_FLAT_FILE_V2 = "GET_V2_SETTLEMENT_REPORT_DATA_FLAT_FILE_V2";
    /**
     * Settlement reports "cannot be requested or scheduled. They are automatically scheduled by
     * Amazon": createReport refuses them with the report type's number, as Amazon words it.
     */
    static final Map<String, String> SETTLEMENT_TYPES = Map.of(
            "GET_V2_SETTLEMENT_REPORT_DATA_FLAT_FILE", "1117",
            SETTLEMENT_FLAT_FILE_V2, "1118",
            "GET_V2_SETTLEMENT_REPORT_DATA_XML", "GET_V2_SETTLEMENT_REPORT_DATA_XML");
    static final List<String> STATUSES = List.of("CANCELLED", "DONE", "FATAL", "IN_PROGRESS", "IN_QUEUE");
    static final Duration RETENTION = Duration.ofDays(90);

    private static final class Report {
        final String id;
        final String type;
        final List<String> marketplaceIds;
        final Instant dataStart;
        final Instant dataEnd;
        final Instant created;
        /** A published report's document; null for a requested one. */
        final String documentId;
        final String settlementId;
        Instant cancelled;

        Report(String id, String type, List<String> marketplaceIds, Instant dataStart, Instant dataEnd, Instant created,
               String documentId, String settlementId) {
            this.id = id;
            this.type = type;
            this.marketplaceIds = List.copyOf(marketplaceIds);
            this.dataStart = dataStart;
            this.dataEnd = dataEnd;
            this.created = created;
            this.documentId = documentId;
            this.settlementId = settlementId;
        }
    }

    private final JsonNodeFactory nodes = JsonNodeFactory.instance;
    private final Map<String, Report> reports = new LinkedHashMap<>();
    private final Clock clock;
    private final FeedDocuments documents;
    private volatile Duration delay;
    private volatile boolean gzip = true;
    private long nextId;

    Reports(Clock clock, FeedDocuments documents, Duration delay, long seed) {
        this.clock = clock;
        this.documents = documents;
        this.delay = delay;
        this.nextId = 60_001_000_000L + Math.floorMod(seed, 1000) * 1_000_000L;
    }

    /** A report Amazon publishes, DONE, with this content as its document (gzipped unless switched off). */
    synchronized String publish(String type, String marketplaceId, Instant dataStart, Instant dataEnd, byte[] content,
                                String contentType, String settlementId) {
        prune();
        FeedDocuments.Document document = gzip ? documents.createResult(gzip(content), contentType, "GZIP")
                : documents.createResult(content, contentType, null);
        Report report = new Report(Long.toString(nextId++), type, List.of(marketplaceId), dataStart, dataEnd, now(), document.id(),
                settlementId);
        reports.put(report.id, report);
        return report.id;
    }

    /** createReport of a type the sandbox does not generate: it is processed and ends FATAL. */
    synchronized String request(String type, List<String> marketplaceIds, Instant dataStart, Instant dataEnd) {
        prune();
        // exact, not to the second: the processing delay runs from here
        Report report = new Report(Long.toString(nextId++), type, marketplaceIds, dataStart, dataEnd, clock.instant(), null, null);
        reports.put(report.id, report);
        return report.id;
    }

    /** cancelReport: only a report still IN_QUEUE. */
    synchronized void cancel(String id) {
        Report report = report(id);
        String status = status(report);
        if (!status.equals("IN_QUEUE")) {
            throw new IllegalStateException("Report " + id + " is " + status + "; only a report IN_QUEUE can be cancelled.");
        }
        report.cancelled = clock.instant();
    }

    /** getReport's answer. */
    synchronized ObjectNode view(String id) {
        return view(report(id));
    }

    /** Every report within the retention, newest first, as getReport shows them. */
    synchronized List<ObjectNode> all() {
        List<ObjectNode> all = new ArrayList<>();
        reports.values().stream().filter(this::retained)
                .sorted(Comparator.comparing((Report r) -> r.created).thenComparing(r -> Long.parseLong(r.id)).reversed())
                .forEach(r -> all.add(view(r)));
        return all;
    }

    /** The settlement a settlement report shows, if the report is one. */
    synchronized Optional<String> settlementId(String reportId) {
        return Optional.ofNullable(report(reportId).settlementId);
    }

    synchronized Optional<FeedDocuments.Document> document(String reportDocumentId) {
        return documents.get(reportDocumentId).filter(d -> reports.values().stream()
                .anyMatch(r -> reportDocumentId.equals(r.documentId) && retained(r)));
    }

    /** Whether published reports' documents are gzipped from now on (getReportDocument: compressionAlgorithm GZIP). */
    void setGzip(boolean gzip) {
        this.gzip = gzip;
    }

    void setDelay(Duration delay) {
        this.delay = delay;
    }

    synchronized int size() {
        return reports.size();
    }

    synchronized Map<String, Long> countByStatus() {
        Map<String, Long> counts = new TreeMap<>();
        reports.values().forEach(r -> counts.merge(status(r), 1L, Long::sum));
        return counts;
    }

    // ---------------------------------------------------------------- state

    synchronized ObjectNode snapshot() {
        ObjectNode state = nodes.objectNode().put("nextId", nextId);
        ArrayNode list = state.putArray("reports");
        for (Report r : reports.values()) {
            ObjectNode node = list.addObject().put("id", r.id).put("type", r.type).put("created", r.created.toString())
                    .put("dataStart", r.dataStart.toString()).put("dataEnd", r.dataEnd.toString()).put("documentId", r.documentId)
                    .put("settlementId", r.settlementId).put("cancelled", r.cancelled == null ? null : r.cancelled.toString());
            r.marketplaceIds.forEach(node.putArray("marketplaceIds")::add);
        }
        state.set("documents", documents.snapshot());
        return state;
    }

    synchronized void restore(JsonNode state) {
        if (!state.has("reports")) {
            return; // a state file from before reports
        }
        reports.clear();
        nextId = state.get("nextId").asLong();
        documents.restore(state.get("documents"));
        for (JsonNode node : state.get("reports")) {
            List<String> marketplaces = new ArrayList<>();
            node.get("marketplaceIds").forEach(m -> marketplaces.add(m.asText()));
            Report report = new Report(node.get("id").asText(), node.get("type").asText(), marketplaces,
                    Instant.parse(node.get("dataStart").asText()), Instant.parse(node.get("dataEnd").asText()),
                    Instant.parse(node.get("created").asText()), text(node, "documentId"), text(node, "settlementId"));
            report.cancelled = node.hasNonNull("cancelled") ? Instant.parse(node.get("cancelled").asText()) : null;
            reports.put(report.id, report);
        }
    }

    // ---------------------------------------------------------------- helpers

    private Report report(String id) {
        Report report = reports.get(id);
        if (report == null || !retained(report)) {
            throw new NoSuchElementException("Report " + id + " was not found.");
        }
        return report;
    }

    /** A requested report's status follows from the time: IN_QUEUE, IN_PROGRESS, then FATAL (or CANCELLED). */
    private String status(Report report) {
        if (report.documentId != null) {
            return "DONE";
        }
        if (report.cancelled != null) {
            return "CANCELLED";
        }
        Instant now = clock.instant();
        if (now.isBefore(report.created.plus(delay))) {
            return "IN_QUEUE";
        }
        return now.isBefore(report.created.plus(delay).plus(delay)) ? "IN_PROGRESS" : "FATAL";
    }

    private ObjectNode view(Report report) {
        ObjectNode view = nodes.objectNode();
        report.marketplaceIds.forEach(view.putArray("marketplaceIds")::add);
        view.put("reportId", report.id).put("reportType", report.type).put("dataStartTime", report.dataStart.toString())
                .put("dataEndTime", report.dataEnd.toString()).put("createdTime", report.created.truncatedTo(ChronoUnit.SECONDS).toString());
        String status = status(report);
        view.put("processingStatus", status);
        if (report.documentId != null) {
            view.put("processingStartTime", report.created.toString()).put("processingEndTime", report.created.toString())
                    .put("reportDocumentId", report.documentId);
        } else if (status.equals("CANCELLED")) {
            view.put("processingEndTime", report.cancelled.truncatedTo(ChronoUnit.SECONDS).toString());
        } else if (!status.equals("IN_QUEUE")) {
            Instant started = report.created.plus(delay).truncatedTo(ChronoUnit.SECONDS);
            view.put("processingStartTime", started.toString());
            if (status.equals("FATAL")) {
                view.put("processingEndTime", report.created.plus(delay).plus(delay).truncatedTo(ChronoUnit.SECONDS).toString());
            }
        }
        return view;
    }

    private boolean retained(Report report) {
        return !report.created.isBefore(clock.instant().minus(RETENTION));
    }

    private void prune() {
        Instant horizon = clock.instant().minus(RETENTION);
        reports.values().removeIf(r -> r.created.isBefore(horizon));
        documents.prune(horizon);
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.SECONDS);
    }

    private static String text(JsonNode node, String field) {
        return node.hasNonNull(field) ? node.get(field).asText() : null;
    }

    private static byte[] gzip(byte[] content) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream zip = new GZIPOutputStream(out)) {
            zip.write(content);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }
}
