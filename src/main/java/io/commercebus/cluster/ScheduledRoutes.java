package io.commercebus.cluster;

import org.apache.camel.CamelContext;
import org.apache.camel.NamedNode;
import org.apache.camel.cluster.CamelClusterEventListener;
import org.apache.camel.cluster.CamelClusterService;
import org.apache.camel.component.file.cluster.FileLockClusterService;
import org.apache.camel.impl.cluster.ClusteredRoutePolicy;
import org.apache.camel.model.RouteDefinition;
import org.apache.camel.spi.RoutePolicy;
import org.apache.camel.spi.RoutePolicyFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * Runs the routes of group {@value #GROUP} (pollers and timers that must run once in the cluster) on
 * one instance at a time, the leader, elected by Camel's own {@link ClusteredRoutePolicy} over a
 * {@link FileLockClusterService}: the instance holding the lock on a file in a directory every instance
 * shares runs them; when it stops or dies, another takes the lock and starts them. Every other route
 * (webhooks, the REST API, the ledger stages) runs on every instance.
 *
 * <p>Not clustered, this instance is the only one and runs every route as usual.
 */
public final class ScheduledRoutes implements RoutePolicyFactory {

    /** The route group whose routes run on the leader only. */
    public static final String GROUP = "scheduled";

    private static final Logger LOG = LoggerFactory.getLogger(ScheduledRoutes.class);

    private final String nodeId;
    private final String namespace;
    private final CamelClusterService service;
    private final ClusteredRoutePolicy policy;

    private ScheduledRoutes(String nodeId, String namespace, CamelClusterService service, ClusteredRoutePolicy policy) {
        this.nodeId = nodeId;
        this.namespace = namespace;
        this.service = service;
        this.policy = policy;
    }

    /** Every route runs here: this instance is alone. */
    public static ScheduledRoutes alone(String nodeId) {
        return new ScheduledRoutes(nodeId, null, null, null);
    }

    /**
     * Leader election among the instances sharing {@code root} (a directory on a filesystem every
     * instance mounts, with working file locks), applied to the routes of group {@value #GROUP}.
     *
     * @param lockInterval how often the leader renews its heartbeat and the others try the lock; all
     *                     instances must use the same
     */
    public static ScheduledRoutes clustered(CamelContext context, String nodeId, Path root, String namespace,
                                            Duration lockInterval) throws Exception {
        FileLockClusterService service = new FileLockClusterService();
        service.setId(nodeId);
        service.setRoot(root.toAbsolutePath().toString());
        service.setAcquireLockInterval(lockInterval.toMillis(), TimeUnit.MILLISECONDS);
        service.setAcquireLockDelay(lockInterval.toMillis(), TimeUnit.MILLISECONDS);
        context.addService(service, true, true);
        // one policy for all of them: they start and stop together, as leadership comes and goes
        ClusteredRoutePolicy policy = ClusteredRoutePolicy.forNamespace(service, namespace);
        policy.setCamelContext(context);
        ScheduledRoutes routes = new ScheduledRoutes(nodeId, namespace, service, policy);
        context.addRoutePolicyFactory(routes);
        context.addStartupListener((ctx, alreadyStarted) -> {
            if (!alreadyStarted) {
                routes.logLeadership();
            }
        });
        LOG.info("Instance {}: scheduled routes run on the leader of '{}' among the instances sharing {}", nodeId, namespace,
                root.toAbsolutePath());
        return routes;
    }

    /** The default node id: host name and process id, unique among running instances. */
    public static String defaultNodeId() {
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            host = "localhost";
        }
        return host + "-" + ProcessHandle.current().pid();
    }

    @Override
    public RoutePolicy createRoutePolicy(CamelContext camelContext, String routeId, NamedNode route) {
        boolean scheduled = route instanceof RouteDefinition definition && GROUP.equals(definition.getGroup());
        return scheduled && policy != null ? policy : null;
    }

    public String nodeId() {
        return nodeId;
    }

    public boolean isClustered() {
        return service != null;
    }

    /** Whether this instance runs the scheduled routes now (always, when not clustered). */
    public boolean isLeader() {
        return service == null || service.isLeader(namespace);
    }

    private void logLeadership() {
        try {
            service.getView(namespace).addEventListener((CamelClusterEventListener.Leadership) (view, leader) -> {
                if (view.getLocalMember().isLeader()) {
                    LOG.info("Instance {} leads '{}': it runs the scheduled routes now", nodeId, namespace);
                } else {
                    LOG.info("Instance {} does not lead '{}' (now or any more): another instance runs the scheduled routes",
                            nodeId, namespace);
                }
            });
        } catch (Exception e) {
            LOG.warn("Instance {}: cannot follow the leadership of '{}': {}", nodeId, namespace, e.getMessage());
        }
    }
}
