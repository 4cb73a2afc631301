/**
 * commerce-bus stock notice: tells the bus which items' stock a saved record may have changed, so a
 * SKU about to sell out reaches the stores within seconds instead of at the next scheduled run.
 *
 * Deploy as a User Event script on the records that move stock in your account (Item Receipt, Item
 * Fulfillment, Inventory Adjustment, Inventory Transfer, Sales Order, Cash Sale...) and on inventory
 * items, with two script parameters:
 *   custscript_cb_url     https://<your bus>/webhooks/netsuite/stock
 *   custscript_cb_secret  the value of bus.netsuite.webhook-secret (a password field)
 *
 * The bus answers 202 at once and reads the items' stock itself; a lost notice only delays a number
 * until the next scheduled run, so failures are logged, never thrown at the user saving the record.
 *
 * @NApiVersion 2.1
 * @NScriptType UserEventScript
 */
define(['N/https', 'N/runtime', 'N/log'], (https, runtime, log) => {

    const SUBLISTS = ['item', 'inventory'];

    const itemsOf = (record) => {
        const ids = new Set();
        if (record.type === 'inventoryitem' || record.type === 'kititem') {
            ids.add(String(record.id));
        }
        SUBLISTS.forEach((sublist) => {
            const count = record.getLineCount({ sublistId: sublist });
            for (let line = 0; line < count; line++) {
                const item = record.getSublistValue({ sublistId: sublist, fieldId: 'item', line });
                if (item) {
                    ids.add(String(item));
                }
            }
        });
        return [...ids];
    };

    const afterSubmit = (context) => {
        const items = itemsOf(context.newRecord);
        if (items.length === 0) {
            return;
        }
        const script = runtime.getCurrentScript();
        try {
            const response = https.post({
                url: script.getParameter({ name: 'custscript_cb_url' }),
                headers: {
                    'Content-Type': 'application/json',
                    'X-Commerce-Bus-Secret': script.getParameter({ name: 'custscript_cb_secret' }),
                },
                body: JSON.stringify({ type: 'inventory', items }),
            });
            if (response.code !== 202) {
                log.error({ title: 'commerce-bus stock notice refused', details: response.code + ' ' + response.body });
            }
        } catch (e) {
            log.error({ title: 'commerce-bus stock notice failed', details: e.message });
        }
    };

    return { afterSubmit };
});
