-- Marketplaces that send the whole record (WooCommerce webhooks, Walmart polls) are staged with
-- their payload; the source's modification time orders versions that arrive out of order.
ALTER TABLE sync_record ADD COLUMN source_modified_at TIMESTAMP WITH TIME ZONE;
