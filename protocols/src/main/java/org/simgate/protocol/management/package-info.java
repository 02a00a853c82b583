/**
 * The management listener (loopback by default): liveness at {@code /health}, readiness at
 * {@code /ready}, Prometheus metrics at {@code /metrics}, the audited admin API at
 * {@code /admin/v1/...} and the live slot dashboard at {@code /ui/} (plain files from the jar and a
 * Server-Sent Events stream of slot snapshots). It knows slots only through
 * {@link org.simgate.service.AdminService} and metrics only as the scrape text a supplier hands it,
 * so it is tested with EmbeddedChannel alone. Its routes are declared once in {@code ManagementRoutes};
 * the pipeline, the authentication stage and the answer order are the REST listener's too
 * ({@link org.simgate.protocol.HttpPipeline}, {@link org.simgate.protocol.HttpAuthentication},
 * {@link org.simgate.protocol.OrderedAnswers}).
 */
package org.simgate.protocol.management;
