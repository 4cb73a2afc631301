-- The NetSuite account's concurrency limit shared by every instance of the bus: one row per permit
-- slot (slots 1..limit). A slot is taken by a conditional UPDATE that only matches a free or expired
-- slot, so two instances never hold the same one; the lease brings back the slots of a crashed
-- instance. Lease times are the database's clock, so the instances' clocks need not agree.
CREATE TABLE netsuite_permit (
    account      VARCHAR(64)  NOT NULL,
    slot         INT          NOT NULL,
    holder       VARCHAR(128),
    lease_until  TIMESTAMP WITH TIME ZONE,
    CONSTRAINT netsuite_permit_pk PRIMARY KEY (account, slot)
);
