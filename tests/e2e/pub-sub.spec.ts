import type { Page } from '@playwright/test';
import {
	demoOf,
	expect,
	expectOutcome,
	newLearner,
	open,
	openConsole,
	rowsOf,
	run,
	seriousViolations,
	test,
	type
} from './helpers';

const LESSON = '/learn/real-world/pub-sub';

const widgets = (page: Page) => ({
	publish: demoOf(page, 'pubsub-publish'),
	clear: demoOf(page, 'pubsub-clear'),
	stream: demoOf(page, 'pubsub-stream')
});

/** The live subscriber panel. */
function panelOf(page: Page) {
	const section = page.getByTestId('subscriber');
	const log = section.getByRole('log');
	return {
		section,
		status: section.getByRole('status'),
		log,
		items: log.locator('li'),
		toggle: section.getByRole('button', { name: /^(Stop listening|Listen again|Listen here)$/ })
	};
}
type Panel = ReturnType<typeof panelOf>;

async function expectListening(panel: Panel) {
	await expect(panel.status).toHaveAttribute('data-status', 'listening', { timeout: 10_000 });
	await expect(panel.status).toHaveText(
		'Listening on notifications, orders, inventory and analytics.'
	);
}

/** Publishes on a channel and returns the new event's id, read from the top of the event log. */
async function publish(page: Page, channel: string, eventType: string) {
	const widget = await run(page, 'pubsub-publish', { channel, 'event-type': eventType });
	await expectOutcome(widget, 'published');
	const log = await rowsOf(widget.table('event log, newest first'));
	expect(log[0]).toMatchObject({ channel, 'event type': eventType });
	return log[0]!.id!;
}

test('pub-sub: Try it, from the live panel to the stream and a second learner', async ({
	page,
	browser,
	baseURL
}) => {
	test.slow(); // eleven steps, two learners
	await open(page, LESSON);
	const { publish: publishDemo, clear, stream } = widgets(page);
	const panel = panelOf(page);
	const ids: Record<string, string> = {};

	await test.step('1. the panel listens; publish orders/created: PUBLISHED, one receiver', async () => {
		await expectListening(panel);
		await expect(panel.items).toHaveCount(0);
		ids.orders = await publish(page, 'orders', 'created');
		await expect(publishDemo.commands).toHaveText([
			'> MULTI',
			/^> PUBLISH orders ".*\\"channel\\":\\"orders\\".*"$/,
			/^> LPUSH pubsub:event-log ".+"$/,
			'> LTRIM pubsub:event-log 0 49',
			'> LRANGE pubsub:event-log 0 9',
			'> EXEC'
		]);
		await expect(publishDemo.replies.last()).toHaveText(/^1\) \(integer\) 1\n/);
		await expect(publishDemo.entry('receivers')).toContainText(
			'1: delivered to the live subscriber'
		);
	});

	await test.step('2. the panel shows the message, with the id of the result', async () => {
		await expect(panel.items).toHaveCount(1);
		const first = panel.items.first();
		await expect(first).toHaveAttribute('data-channel', 'orders');
		await expect(first).toHaveAttribute('data-event-type', 'created');
		await expect(first).toContainText(`id ${ids.orders}`);
		await expect(first.locator('time')).toHaveText(/^\d\d:\d\d:\d\d$/);
	});

	await test.step('3. inventory/updated arrives on top; the log lists both, newest first', async () => {
		ids.inventory = await publish(page, 'inventory', 'updated');
		await expect(panel.items).toHaveCount(2);
		await expect(panel.items.first()).toHaveAttribute('data-channel', 'inventory');
		await expect(panel.items.first()).toContainText(`id ${ids.inventory}`);
		await expect(panel.items.nth(1)).toContainText(`id ${ids.orders}`);
		const log = await rowsOf(publishDemo.table('event log, newest first'));
		expect(log.map((row) => row.id)).toEqual([ids.inventory, ids.orders]);
	});

	await test.step('4. stop listening; publish analytics/deleted: 0 receivers', async () => {
		await panel.toggle.click();
		await expect(panel.status).toHaveAttribute('data-status', 'stopped');
		await expect(panel.status).toContainText('Stopped');
		await expect(panel.toggle).toHaveText('Listen again');
		ids.analytics = await publish(page, 'analytics', 'deleted');
		await expect(publishDemo.replies.last()).toHaveText(/^1\) \(integer\) 0\n/);
		await expect(publishDemo.entry('receivers')).toContainText(
			'0: no connection was subscribed, the message is gone'
		);
	});

	await test.step('5. listen again: the panel never gets it; the event log has it on top', async () => {
		await panel.toggle.click();
		await expectListening(panel);
		await expect(panel.items).toHaveCount(2);
		await expect(panel.log.locator('li[data-channel="analytics"]')).toHaveCount(0);
		const log = await rowsOf(publishDemo.table('event log, newest first'));
		expect(log.map((row) => row.id)).toEqual([ids.analytics, ids.inventory, ids.orders]);
	});

	await test.step('6. clear the log: DONE, DEL pubsub:event-log', async () => {
		await run(page, clear);
		await expectOutcome(clear, 'done');
		await expect(clear.commands).toHaveText(['> DEL pubsub:event-log']);
		await expect(clear.replies).toHaveText(['(integer) 1']);
	});

	await test.step('7. add twice to the stream: QUEUED, 2 not yet delivered, none pending', async () => {
		await run(page, stream, { action: 'add' });
		await expectOutcome(stream, 'queued');
		await run(page, stream, { action: 'add' });
		await expectOutcome(stream, 'queued');
		await expect(stream.commands).toHaveText([
			'> XGROUP CREATE stream:orders billing 0 MKSTREAM',
			/^> XADD stream:orders MAXLEN ~ 1000 \* type created at \d+$/,
			'> XINFO GROUPS stream:orders',
			'> XPENDING stream:orders billing - + 10'
		]);
		await expect(stream.replies.first()).toHaveText(/^\(error\) BUSYGROUP/);
		await expect(stream.entry('not yet delivered')).toHaveText('2');
		await expect(stream.entry('pending')).toHaveText('"none"');
	});

	await test.step('8. read: READ, both delivered to worker-1 and pending', async () => {
		await run(page, stream, { action: 'read' });
		await expectOutcome(stream, 'read');
		await expect(stream.commands.nth(1)).toHaveText(
			'> XREADGROUP GROUP billing worker-1 COUNT 10 STREAMS stream:orders >'
		);
		const delivered = await rowsOf(stream.table('delivered to worker-1'));
		expect(delivered.map((row) => row.type)).toEqual(['created', 'created']);
		const pending = await rowsOf(stream.table('pending'));
		expect(pending.map((row) => [row.id, row.consumer, row.deliveries])).toEqual(
			delivered.map((row) => [row.id, 'worker-1', '1'])
		);
		await expect(stream.entry('not yet delivered')).toHaveText('0');
	});

	await test.step('9. read again: nothing new, both still pending', async () => {
		await run(page, stream, { action: 'read' });
		await expectOutcome(stream, 'read');
		await expect(stream.entry('delivered to worker-1')).toHaveText('"nothing new"');
		await expect(stream.entry('pending').locator('tbody tr')).toHaveCount(2);
	});

	await test.step('10. ack: DONE, 2 acknowledged, none pending', async () => {
		await run(page, stream, { action: 'ack' });
		await expectOutcome(stream, 'done');
		await expect(stream.commands.nth(2)).toHaveText(/^> XACK stream:orders billing \S+ \S+$/);
		await expect(stream.entry('acknowledged')).toHaveText('2');
		await expect(stream.entry('pending')).toHaveText('"none"');
	});

	await test.step("11. another learner's panel gets only their own messages", async () => {
		const other = await newLearner(browser, baseURL);
		try {
			await open(other.page, LESSON);
			const otherPanel = panelOf(other.page);
			await expectListening(otherPanel);
			await expect(otherPanel.items).toHaveCount(0);
			const theirs = await publish(other.page, 'notifications', 'created');
			await expect(otherPanel.items).toHaveCount(1);
			await expect(otherPanel.items.first()).toContainText(`id ${theirs}`);
			await expect(widgets(other.page).publish.entry('receivers')).toContainText('1:');

			// A marker published here after theirs: once it has arrived, theirs would have too.
			const marker = await publish(page, 'orders', 'updated');
			await expect(panel.items.first()).toContainText(`id ${marker}`);
			await expect(panel.items).toHaveCount(3);
			await expect(panel.log).not.toContainText(theirs);
			await expect(otherPanel.items).toHaveCount(1);
			await expect(otherPanel.log).not.toContainText(marker);
		} finally {
			await other.context.close();
		}
	});
});

test('pub-sub: a second tab of the same learner takes over the panel; the first can take it back', async ({
	page,
	context
}) => {
	await open(page, LESSON);
	const panel = panelOf(page);
	await expectListening(panel);

	const second = await context.newPage();
	await open(second, LESSON);
	const secondPanel = panelOf(second);
	await expectListening(secondPanel);
	await expect(panel.status).toHaveAttribute('data-status', 'replaced');
	await expect(panel.status).toContainText('open in another tab');
	await expect(panel.toggle).toHaveText('Listen here');

	// One stream per learner: one receiver, and only the listening tab shows the message.
	const id = await publish(second, 'orders', 'created');
	await expect(widgets(second).publish.entry('receivers')).toContainText('1:');
	await expect(secondPanel.items.first()).toContainText(`id ${id}`);
	await expect(panel.items).toHaveCount(0);

	await panel.toggle.click();
	await expectListening(panel);
	await expect(secondPanel.status).toHaveAttribute('data-status', 'replaced');
});

test('pub-sub: the panel works from the keyboard and is announced politely', async ({ page }) => {
	await open(page, LESSON);
	const panel = panelOf(page);
	await expectListening(panel);
	await expect(panel.log).toHaveAttribute('aria-live', 'polite');
	await expect(panel.log).toHaveAccessibleName('Messages received, newest first');

	await panel.toggle.focus();
	await page.keyboard.press('Enter');
	await expect(panel.status).toHaveAttribute('data-status', 'stopped');
	await expect(panel.toggle).toBeFocused(); // the same button, now "Listen again"
	await page.keyboard.press('Space');
	await expectListening(panel);

	// The message list is a focusable region, so it can be scrolled with the keyboard.
	await panel.log.focus();
	await expect(panel.log).toBeFocused();

	// With messages in it, the panel still has no serious or critical axe violation.
	await publish(page, 'notifications', 'updated');
	await expect(panel.items).toHaveCount(1);
	expect(await seriousViolations(page, '[data-testid="subscriber"]')).toEqual([]);
});

test('pub-sub: a PUBLISH typed in the console reaches the panel as plain text', async ({
	page
}) => {
	await open(page, LESSON);
	const panel = panelOf(page);
	await expectListening(panel);
	await openConsole(page);
	const reply = await type(page, 'PUBLISH orders "hello from the console"');
	await expect(reply).toHaveText('(integer) 1');
	await expect(panel.items).toHaveCount(1);
	await expect(panel.items.first()).toHaveAttribute('data-channel', 'orders');
	await expect(panel.items.first()).toHaveAttribute('data-event-type', '(text)');
	await expect(panel.items.first()).toContainText('hello from the console');
});

test.describe('without JavaScript', () => {
	test.use({ javaScriptEnabled: false });

	test('the panel says it needs JavaScript, and the event log still shows what was published', async ({
		page
	}) => {
		const response = await page.goto(LESSON);
		expect(response?.status()).toBe(200);
		const panel = page.getByTestId('subscriber');
		await expect(panel).toContainText('The live panel needs JavaScript');
		await expect(panel).toContainText('the event log in the result of Publish');
		await expect(panel.getByRole('log')).toHaveCount(0);

		const widget = await run(page, 'pubsub-publish', {
			channel: 'inventory',
			'event-type': 'deleted'
		});
		await expectOutcome(widget, 'published');
		await expect(widget.entry('receivers')).toContainText('0: no connection was subscribed');
		const log = await rowsOf(widget.table('event log, newest first'));
		expect(log[0]).toMatchObject({ channel: 'inventory', 'event type': 'deleted' });
	});
});
