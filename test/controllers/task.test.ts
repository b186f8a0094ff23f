import { expect, fixture, html } from '@open-wc/testing';
import { LitElement } from 'lit';
import { Task, TaskStatus, initialState } from '../../src/controllers/task.js';

/** A run the test settles by hand, and the signal it was given. */
interface Run { readonly args: readonly unknown[]; readonly signal: AbortSignal; resolve(v: string): void; reject(e: unknown): void }

class TaskHost extends LitElement {
  static override properties = { key: {}, on: { type: Boolean } };
  key = 'a';
  on = true;
  runs: Run[] = [];
  completed: string[] = [];
  failed: unknown[] = [];
  task = new Task(this, {
    args: () => [this.key, this.on] as const,
    task: ([key, on], { signal }) => {
      if (!on) return initialState;
      return new Promise<string>((resolve, reject) => this.runs.push({ args: [key, on], signal, resolve, reject }));
    },
    onComplete: (v) => this.completed.push(v),
    onError: (e) => this.failed.push(e),
  });
}
customElements.define('test-task-host', TaskHost);

const tick = () => new Promise((r) => setTimeout(r));

describe('Task (src/controllers/task.ts)', () => {
  it('runs before the first update, and again only when an argument changes', async () => {
    const el = await fixture<TaskHost>(html`<test-task-host></test-task-host>`);
    expect(el.runs.map((r) => r.args)).to.deep.equal([['a', true]]);
    expect(el.task.status).to.equal(TaskStatus.PENDING);
    el.requestUpdate();
    await el.updateComplete;
    expect(el.runs).to.have.length(1);
    el.runs[0]!.resolve('A');
    await tick();
    expect([el.task.status, el.task.value, el.completed]).to.deep.equal([TaskStatus.COMPLETE, 'A', ['A']]);
    el.key = 'b';
    await el.updateComplete;
    expect(el.runs).to.have.length(2);
    // The previous value stays while the new run is pending.
    expect([el.task.status, el.task.value]).to.deep.equal([TaskStatus.PENDING, 'A']);
  });

  it('a new run cancels the pending one, whose late outcome is ignored', async () => {
    const el = await fixture<TaskHost>(html`<test-task-host></test-task-host>`);
    el.key = 'b';
    await el.updateComplete;
    const [first, second] = el.runs;
    expect(first!.signal.aborted).to.equal(true);
    expect(second!.signal.aborted).to.equal(false);
    second!.resolve('B');
    first!.resolve('A');
    await tick();
    expect([el.task.value, el.completed]).to.deep.equal(['B', ['B']]);
  });

  it('a failure: status, error, no value, onError; taskComplete rejects, and resolves once a rerun succeeds', async () => {
    const el = await fixture<TaskHost>(html`<test-task-host></test-task-host>`);
    el.runs[0]!.resolve('A');
    await tick();
    void el.task.run();
    const failure = new Error('no');
    el.runs[1]!.reject(failure);
    await tick();
    expect([el.task.status, el.task.value, el.task.error, el.failed]).to.deep.equal([TaskStatus.ERROR, undefined, failure, [failure]]);
    let caught: unknown;
    await el.task.taskComplete.catch((e: unknown) => (caught = e));
    expect(caught).to.equal(failure);
    void el.task.run();
    const done = el.task.taskComplete;
    el.runs[2]!.resolve('C');
    expect(await done).to.equal('C');
    expect([el.task.status, el.task.error]).to.deep.equal([TaskStatus.COMPLETE, undefined]);
    expect(await el.task.taskComplete).to.equal('C');
  });

  it('abort() cancels the pending run only; initialState puts the task back to INITIAL', async () => {
    const el = await fixture<TaskHost>(html`<test-task-host></test-task-host>`);
    el.task.abort();
    expect(el.runs[0]!.signal.aborted).to.equal(true);
    el.runs[0]!.reject(el.runs[0]!.signal.reason);
    await tick();
    expect(el.task.status).to.equal(TaskStatus.ERROR);
    el.on = false;
    await el.updateComplete;
    await tick();
    expect(el.task.status).to.equal(TaskStatus.INITIAL);
    expect(el.runs).to.have.length(1);
  });

  it('a taskComplete taken while a run returns initialState settles with the next run that has an outcome', async () => {
    const el = await fixture<TaskHost>(html`<test-task-host></test-task-host>`);
    el.runs[0]!.resolve('A');
    await tick();
    el.on = false;
    const run = el.task.run(); // (with the arguments of now: off)
    const done = el.task.taskComplete;
    await run;
    expect(el.task.status).to.equal(TaskStatus.INITIAL);
    let settled = false;
    void done.then(() => (settled = true));
    await tick();
    expect(settled, 'nothing has been read yet').to.equal(false);
    el.on = true;
    await el.updateComplete;
    el.runs[1]!.resolve('B');
    expect(await done).to.equal('B');
  });
});
