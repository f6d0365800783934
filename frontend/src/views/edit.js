/**
 * Signed-in editing (issue 7, item 11): an editor or contributor signs in with their i-Map account
 * (identity-api's password grant), sees their role and countries, the records their role lets
 * them work on (toolbox initiatives, map-api routes; contributors: their countries') and edits one
 * through a form sent with If-Match. The API's 422 problem+json errors appear next to the field
 * they name and in a summary that takes the focus; a 412 (someone else changed the record) offers
 * a reload; a save shows its new version and re-reads the record.
 *
 * The token lives in memory and sessionStorage (this tab only, gone when it closes), never in the
 * URL; the hash holds only `kind`, `country` and `record=initiative:<id>`.
 */
import { hoverInfo } from '../hover.js';
import { t } from '../i18n.js';
import * as api from './edit-api.js';
import { recordForm, recordList, signInForm, userBar } from './edit-form.js';
import {
  canEdit, fieldNames, formValues, groupErrors, parseRecordKey, recordKey, recordVersion, tokenClaims, userFrom, visibleRecords, writeRequest,
} from './edit-logic.js';
import './edit.messages.js';
import './edit.css';

const STORE = 'imap.edit.session';
const KINDS = ['initiative', 'route'];

function loadSession() {
  try {
    const saved = JSON.parse(window.sessionStorage.getItem(STORE) ?? 'null');
    if (saved?.token && saved.exp > Date.now() + 5_000) return saved;
  } catch {
    /* storage unavailable or damaged: start signed out */
  }
  window.sessionStorage?.removeItem(STORE);
  return null;
}

function saveSession(session) {
  try {
    if (session) window.sessionStorage.setItem(STORE, JSON.stringify(session));
    else window.sessionStorage.removeItem(STORE);
  } catch {
    /* storage refused: the session stays in memory only */
  }
}

export default {
  id: 'edit',
  label: 'nav.edit',
  create(ctx) {
    const root = ctx.root;
    const s = {
      session: loadSession(), // {token, exp, me}
      signIn: { email: '', password: '', message: null, busy: false },
      kind: 'initiative',
      country: '',
      filter: '',
      lists: new Map(), // kind -> {records, error, loading, promise}
      want: null, // {kind, id} the hash names
      current: null, // {kind, id, record, etag, values, errors, stale, notice, busy, comment, missing}
    };
    let expiry = null;
    let seq = 0;

    const user = () => (s.session ? userFrom(s.session.me, tokenClaims(s.session.token)) : null);
    const token = () => s.session?.token ?? null;
    const allCountries = () => [...ctx.countries.keys()];
    const countryName = (iso3) => ctx.countryName(iso3);

    function armExpiry() {
      clearTimeout(expiry);
      if (s.session) expiry = setTimeout(() => signOut(t('edit.signIn.expired')), Math.max(0, s.session.exp - Date.now()));
    }
    armExpiry();

    // --- drawing ------------------------------------------------------------------------------
    function render() {
      const u = user();
      root.dataset.lang = document.documentElement.lang;
      if (!u) {
        root.dataset.state = 'signed-out';
        root.replaceChildren(signInForm(s.signIn, onSignIn));
        return;
      }
      const parts = [userBar(u, countryName, () => signOut(t('edit.signedOut')))];
      if (!u.editor && !u.contributor) {
        root.dataset.state = 'read-only';
        parts.push(h2(t('nav.edit')), para(t('edit.signIn.readOnly')));
      } else if (s.want) {
        const c = s.current;
        if (!c || c.loading) {
          root.dataset.state = 'loading';
          parts.push(para(t('edit.record.loading'), 'muted'));
        } else if (c.failed) {
          root.dataset.state = 'record-missing';
          parts.push(backButton(), para(c.failed, 'edit-alert'));
        } else {
          root.dataset.state = 'record';
          root.dataset.record = recordKey(c.kind, c.id);
          parts.push(...recordForm(c, { user: u, countryName }, recordHandlers));
        }
      } else {
        root.dataset.state = listState().loading ? 'loading' : 'list';
        const list = listState();
        parts.push(h2(t('nav.edit')), recordList({
          user: u, kind: s.kind, country: s.country, filter: s.filter, records: list.records ?? [],
          loading: list.loading, error: list.error, countryName, countries: allCountries(),
        }, listHandlers));
      }
      root.replaceChildren(...parts);
    }

    const h2 = (text) => Object.assign(document.createElement('h2'), { textContent: text });
    const para = (text, cls) => Object.assign(document.createElement('p'), { textContent: text, className: cls ?? '' });
    function backButton() {
      const b = document.createElement('button');
      b.type = 'button';
      b.id = 'edit-back';
      b.textContent = `← ${t('edit.record.back')}`;
      b.addEventListener('click', closeRecord);
      return b;
    }

    /** Re-draws the record form keeping the focus on the field that had it (typing is not interrupted). */
    function rerenderKeepingFocus() {
      const focused = document.activeElement?.id;
      render();
      if (focused) document.getElementById(focused)?.focus();
    }

    // --- sign in / out ------------------------------------------------------------------------
    async function onSignIn(email, password) {
      s.signIn = { email, password: '', message: null, busy: false };
      if (!email || !password) {
        s.signIn.message = t('edit.signIn.missing');
        render();
        document.getElementById(email ? 'edit-password' : 'edit-email')?.focus();
        return;
      }
      s.signIn.busy = true;
      render();
      try {
        const answer = await api.signIn(email, password);
        const me = await api.me(answer.access_token);
        s.session = { token: answer.access_token, exp: Date.now() + answer.expires_in * 1000, me };
        saveSession(s.session);
        armExpiry();
        s.signIn = { email: '', password: '', message: null, busy: false };
        s.lists.clear();
        await show();
        ctx.changed({ push: false });
        document.getElementById('edit-signout')?.focus();
      } catch (err) {
        s.signIn = { email, password: '', busy: false, message: t('edit.signIn.failed', { error: problemText(err) }) };
        render();
        document.getElementById('edit-password')?.focus();
      }
    }

    function signOut(message) {
      clearTimeout(expiry);
      s.session = null;
      saveSession(null);
      s.lists.clear();
      s.current = null;
      const had = s.want;
      s.want = null;
      s.signIn = { email: '', password: '', message, busy: false };
      render();
      if (had) ctx.changed({ push: true });
      document.getElementById('edit-email')?.focus();
    }

    // --- the list -----------------------------------------------------------------------------
    function listState() {
      return s.lists.get(s.kind) ?? { loading: true };
    }

    async function loadList(kind) {
      if (s.lists.get(kind)?.records || s.lists.get(kind)?.promise) return s.lists.get(kind)?.promise;
      const u = user();
      const entry = { loading: true };
      s.lists.set(kind, entry);
      entry.promise = api.listRecords(kind, token())
        .then((records) => {
          // Editors work on everything; contributors on their countries' records (the API also
          // shows them every published record, which only editors may change).
          entry.records = visibleRecords(u, kind, records);
        })
        .catch((err) => {
          if (err.status === 401) return signOut(t('edit.signIn.expired'));
          entry.error = problemText(err);
          return null;
        })
        .finally(() => {
          entry.loading = false;
          entry.promise = null;
        });
      return entry.promise;
    }

    const listHandlers = {
      async kind(kind) {
        s.kind = KINDS.includes(kind) ? kind : 'initiative';
        ctx.changed({ push: true });
        render();
        await loadList(s.kind);
        render();
        document.getElementById('edit-kind')?.focus();
      },
      country(iso3) {
        s.country = iso3;
        ctx.changed({ push: true });
        render();
        document.getElementById('edit-country')?.focus();
      },
      filter(text) {
        s.filter = text;
        const caret = document.getElementById('edit-filter')?.selectionStart;
        render();
        const input = document.getElementById('edit-filter');
        input?.focus();
        if (input && caret != null) input.setSelectionRange(caret, caret);
      },
      open(kind, id) {
        s.want = { kind, id };
        ctx.changed({ push: true });
        return openRecord().then(() => document.getElementById('edit-record-title')?.focus());
      },
    };

    // --- one record ---------------------------------------------------------------------------
    async function openRecord() {
      const { kind, id } = s.want;
      const mine = ++seq;
      s.current = { kind, id, loading: true };
      render();
      try {
        const { record, etag } = await api.getRecord(kind, id, token());
        if (mine !== seq) return;
        s.current = fresh(kind, id, record, etag);
      } catch (err) {
        if (mine !== seq) return;
        if (err.status === 401) return signOut(t('edit.signIn.expired'));
        s.current = { kind, id, failed: err.status === 404 ? t('edit.record.notFound') : t('edit.record.failed', { error: problemText(err) }) };
      }
      render();
    }

    const fresh = (kind, id, record, etag) => ({
      kind, id, record, etag, values: formValues(kind, record), errors: null, stale: false, notice: null, busy: null, comment: '',
    });

    function closeRecord() {
      s.want = null;
      s.current = null;
      ctx.changed({ push: true });
      show().then(() => document.querySelector(`#edit-list button[data-record]`)?.focus());
    }

    /** After a write: the record as the API now has it (GET again), the list refreshed later. */
    async function reread(notice) {
      const c = s.current;
      const { record, etag } = await api.getRecord(c.kind, c.id, token());
      s.current = { ...fresh(c.kind, c.id, record, etag), notice };
      s.lists.delete(c.kind);
    }

    function refused(err) {
      const c = s.current;
      c.busy = null;
      if (err.status === 401) return signOut(t('edit.signIn.expired'));
      if (err.status === 412) {
        c.stale = true;
        c.errors = null;
        render();
        document.getElementById('edit-stale')?.focus();
        return null;
      }
      const grouped = groupErrors(err.problem, fieldNames(c.kind));
      const message = err.status === 422 && (err.problem?.errors ?? []).length
        ? null
        : t('edit.errors.other', { status: err.status || '—', error: problemText(err) });
      c.errors = { ...grouped, message, status: err.status };
      render();
      document.getElementById('edit-summary')?.focus();
      return null;
    }

    const recordHandlers = {
      back: closeRecord,
      input(name, value) {
        if (s.current) s.current.values[name] = value;
      },
      comment(value) {
        if (s.current) s.current.comment = value;
      },
      focusField(name) {
        document.getElementById(`edit-f-${name}`)?.focus();
      },
      async reload() {
        await openRecord();
        document.getElementById('edit-record-title')?.focus();
      },
      async save() {
        const c = s.current;
        if (!c || c.busy || !canEdit(user(), c.kind, c.record)) return;
        const before = formValues(c.kind, c.record);
        if (fieldNames(c.kind).every((n) => String(c.values[n] ?? '') === before[n])) {
          c.errors = null;
          c.notice = t('edit.unchanged');
          rerenderKeepingFocus();
          return;
        }
        c.busy = 'save';
        c.notice = null;
        rerenderKeepingFocus();
        try {
          const { record } = await api.writeRecord(c.kind, c.id, token(), writeRequest(c.kind, c.record, c.values), c.etag);
          await reread(t('edit.saved', { version: recordVersion(c.kind, record) }));
          render();
          document.getElementById('edit-notice')?.focus();
        } catch (err) {
          refused(err);
        }
      },
      async transition(action) {
        const c = s.current;
        if (!c || c.busy) return;
        c.busy = action;
        c.notice = null;
        rerenderKeepingFocus();
        try {
          const { record } = await api.transition(c.kind, c.id, token(), action, c.comment.trim(), c.etag);
          const status = c.kind === 'route' ? record.properties.status : record.status;
          await reread(t('edit.moved', { status: t(`edit.status.${status}`), version: recordVersion(c.kind, record) }));
          render();
          document.getElementById('edit-notice')?.focus();
        } catch (err) {
          refused(err);
        }
      },
    };

    // --- entering, the hash -------------------------------------------------------------------
    async function show() {
      const u = user();
      if (!u || (!u.editor && !u.contributor)) return render();
      if (s.want) {
        const c = s.current;
        if (!c || c.kind !== s.want.kind || c.id !== s.want.id) return openRecord();
        return render();
      }
      render();
      await loadList(s.kind);
      return render();
    }

    return {
      async enter(params = {}) {
        ctx.setStatus(null); // the map's own "Loading…" line does not concern this view
        s.kind = KINDS.includes(params.kind) ? params.kind : 'initiative';
        s.country = /^[A-Z]{3}$/.test(params.country ?? '') ? params.country : '';
        s.want = parseRecordKey(params.record);
        if (!s.want) s.current = null;
        if (s.session && s.session.exp <= Date.now()) signOut(t('edit.signIn.expired'));
        await show();
      },
      leave() {
        seq++;
      },
      relabel() {
        rerenderKeepingFocus();
      },
      params() {
        return {
          kind: s.kind === 'initiative' ? null : s.kind,
          country: s.country || null,
          record: s.want ? recordKey(s.want.kind, s.want.id) : null,
        };
      },
      onCountryClick(iso3) {
        const u = user();
        if (!u || s.want || (!u.editor && !u.countries.includes(iso3))) return;
        listHandlers.country(iso3);
      },
      hoverInfo(hit) {
        return hoverInfo(hit, { mode: 'group', values: new Map(), countryName });
      },
    };
  },
};

/** What an API refusal says: its detail (or title), else the error's own message. */
function problemText(err) {
  return err?.problem?.detail || err?.problem?.title || err?.message || String(err);
}

