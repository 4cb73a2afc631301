-- The hash of the mapped record NetSuite last accepted: a new marketplace version that maps to the
-- same record (only a status moved on, say) is not sent to NetSuite again.
ALTER TABLE sync_record ADD COLUMN delivered_mapping_hash VARCHAR(64);
