/**
 * English: the reference table, for what every page shows. The words of what loads on use (detail
 * panel, settings dialog, explanation, export, gear menu, edit mode, the period picker's popup) are
 * in en-overlays.ts, loaded with them; those of the smaller parts loaded on use in a module each,
 * loaded with its part (en-compare.ts, en-number.ts, en-peers.ts, en-gear.ts, en-offline.ts), and the
 * names of the periods but the default one with the periods' code (en-periods.ts).
 * Every other language implements `Messages` (all the parts) completely.
 */
type Plural = { readonly one?: string; readonly other: string; readonly [form: string]: string | undefined };

export const en = {
  'channel.call': 'Calls',
  'channel.email': 'E-mail',
  'channel.meeting': 'Meetings',
  'channel.chat': 'Chats',
  'channel.sms': 'SMS',
  'channel.webform': 'Web forms',
  'channel.task': 'Tasks',
  'channel.todo': 'To-dos',
  'channel.other': 'Other',
  /** A count or sum of won deals, beside "In progress" and "Lost" (plural where the language agrees). */
  'label.won': 'Won',
  'empty.activities': 'No activities in this period',
  'empty.deals': 'No deals in this period',
  'empty.won': 'No won deals in this period',
  'empty.issued': 'No invoices issued in this period',
  'empty.paid': 'No paid invoices in this period',
  'empty.closed': 'No closed deals in this period',
  'empty.records': 'Nothing to show for this period',
  'state.loading': 'Loading…',
  'state.error': 'Could not load the data',
  'action.retry': 'Retry',
  'action.refresh': 'Refresh',
  'action.showPipelines': 'Show pipelines',
  'action.hidePipelines': 'Hide pipelines',
  'period.label': 'Reporting period',
  'period.followsPage': 'Follows the page period',
  'widget.system': 'System widget: cannot be moved, removed or configured',
  'widget.openDetails': '{label}: {value}: show the records',
  'header.position': '{position} at {company}',
  'header.responsible': 'Responsible: {name}',
  'load.title': 'Communication load',
  'load.perDeal': '{value} activities per deal',
  'load.target': 'Target {value}',
  'load.band.ideal': 'Ideal',
  'load.band.veryLow': 'Very low',
  'load.band.low': 'Low',
  'load.band.maxDesirable': 'Maximum desirable',
  'load.band.high': 'High',
  'load.band.veryHigh': 'Very high',
  'load.band.critical': 'Critical',
  'label.wonDeals': 'Won deals',
  'label.deals': 'Deals of the period',
  'label.closedDeals': 'Closed deals',
  'label.activities': 'Activities',
  'label.invoices': 'Invoices issued',
  // freshness (<crm-profile>)
  'label.asOf': 'As of {time}',
  'missingRate': 'Not included (no exchange rate): {currencies}',
  'convertedFrom': 'Includes {currencies}, converted',
  'withoutAmount': { one: '{count} record without amount', other: '{count} records without amount' } as Plural,
  // period picker
  'period.button': 'Reporting period: {period}',
  // The titles of the metrics (src/core/metrics.ts) and of the widget types (src/widgets/catalog.ts).
  'metric.title.won-value': 'Value of won deals',
  'metric.title.conversion': 'Conversion',
  'metric.title.communication-load': 'Communication load',
  'metric.title.load-by-channel': 'Load by channel',
  'metric.title.preferred-channel': 'Preferred channel',
  'metric.title.deal-conversion': 'Deal conversion',
  'metric.title.deal-conversion-closed': 'Deal conversion (closed deals)',
  'metric.title.invoice-conversion': 'Invoice conversion',
  'metric.title.invoice-paid-on-time': 'Paid on time',
  'metric.title.sales-open': 'In progress',
  'metric.title.sales-lost': 'Lost',
  'metric.title.invoice-issued': 'Invoiced',
  'metric.title.invoice-paid': 'Paid',
  'metric.title.invoice-unpaid': 'Still unpaid',
  'metric.title.invoice-overdue-share': 'Overdue',
  'metric.title.trend-deals-created': 'Deals created',
  'metric.title.trend-deals-won': 'Deals won',
  'metric.title.trend-invoices-paid': 'Invoices paid',
  'widget.title.system': 'Value of won deals and conversion',
  'widget.title.load-by-channel': 'Load by channel',
  'widget.title.preferred-channel': 'Preferred communication channel',
  'widget.title.communication-load': 'Communication load',
  'widget.title.deal-conversion': 'Deal conversion',
  'widget.title.invoice-conversion': 'Invoice conversion',
  'widget.title.sales-amount': 'Sales amount',
  'widget.title.invoice-amounts': 'Invoice amounts',
  'widget.title.payments-trend': 'Payments trend',
  'widget.title.number': 'Custom number',
  // The default period's name; the others' are loaded with their code (en-periods.ts).
  'period.preset.last-30-days': 'Last 30 days',
  'settings.compare': 'Compare with',
  'settings.compare.previous': 'Previous period',
  'settings.compare.last-year': 'Same period last year',
  'settings.compare.off': 'No comparison',
  'explain.heading': 'How is this computed?',
  'explain.button': 'How is “{title}” computed?',
};

/** Every message: the table above, the overlays' (en-overlays.ts) and the parts' (en-*.ts); French implements them all. */
type All = typeof en & typeof import('./en-overlays.js').enOverlays & typeof import('./en-compare.js').enCompare
  & typeof import('./en-number.js').enNumber & typeof import('./en-peers.js').enPeers & typeof import('./en-gear.js').enGear
  & typeof import('./en-offline.js').enOffline & typeof import('./en-periods.js').enPeriods;
export type Messages = { readonly [K in keyof All]: All[K] extends string ? string : Plural };
export type { Plural };
