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
  /** The task's `detach` (a subclass's, below). */
  static detach = false;
  task = new Task(this, {
    detach: (this.constructor as typeof TaskHost).detach,
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

class DetachingHost extends TaskHost {
  static override detach = true;
}
customElements.define('test-task-detaching', DetachingHost);

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

  it('rerun() runs the task again at the next update, with the same arguments', async () => {
    const el = await fixture<TaskHost>(html`<test-task-host></test-task-host>`);
    el.runs[0]!.resolve('A');
    await tick();
    el.task.rerun();
    expect(el.runs, 'not at once').to.have.length(1);
    await el.updateComplete;
    expect(el.runs.map((r) => r.args)).to.deep.equal([['a', true], ['a', true]]);
    el.requestUpdate();
    await el.updateComplete;
    expect(el.runs, 'once').to.have.length(2);
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

  describe('detach: the host leaving the document', () => {
    it('cancels the pending run; the task runs again when the host comes back', async () => {
      const wrap = await fixture<HTMLDivElement>(html`<div><test-task-detaching></test-task-detaching></div>`);
      const el = wrap.firstElementChild as TaskHost;
      el.remove();
      expect(el.runs[0]!.signal.aborted, 'not before the end of the current script').to.equal(false);
      await tick();
      expect(el.runs[0]!.signal.aborted).to.equal(true);
      el.runs[0]!.reject(el.runs[0]!.signal.reason);
      await tick();
      expect(el.failed).to.have.length(1);
      el.key = 'b'; // (changed while out: the run on return has the arguments of then)
      wrap.append(el);
      expect(el.runs, 'at the next update').to.have.length(1);
      await el.updateComplete;
      expect(el.runs.map((r) => r.args)).to.deep.equal([['a', true], ['b', true]]);
      el.runs[1]!.resolve('A');
      await tick();
      expect([el.task.status, el.task.value]).to.deep.equal([TaskStatus.COMPLETE, 'A']);
      wrap.append(el);
      await el.updateComplete;
      expect(el.runs, 'nothing to run again: the run had settled').to.have.length(2);
    });

    it('a host moved in the page keeps its run; a settled task is not run again on return', async () => {
      const wrap = await fixture<HTMLDivElement>(html`<div><p></p><test-task-detaching></test-task-detaching></div>`);
      const el = wrap.querySelector<TaskHost>('test-task-detaching')!;
      wrap.prepend(el); // disconnected and connected at once
      await tick();
      expect(el.runs[0]!.signal.aborted).to.equal(false);
      el.runs[0]!.resolve('A');
      await tick();
      el.remove();
      await tick();
      wrap.append(el);
      await el.updateComplete;
      expect(el.runs).to.have.length(1);
      expect(el.task.value).to.equal('A');
    });

    it('without detach, the run goes on while the host is out of the document', async () => {
      const wrap = await fixture<HTMLDivElement>(html`<div><test-task-host></test-task-host></div>`);
      const el = wrap.firstElementChild as TaskHost;
      el.remove();
      await tick();
      expect(el.runs[0]!.signal.aborted).to.equal(false);
      wrap.append(el);
      await el.updateComplete;
      expect(el.runs).to.have.length(1);
    });
  });
});
