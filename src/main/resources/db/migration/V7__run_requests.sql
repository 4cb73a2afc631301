-- "Sync now" requests (POST /api/sync/{inventory,prices,catalog}): any instance takes the request,
-- the instance that runs the scheduled routes (the leader) runs the publication at its next tick.
CREATE TABLE run_request (
    stream        VARCHAR(64) NOT NULL PRIMARY KEY,
    requested_at  TIMESTAMP WITH TIME ZONE NOT NULL
);
