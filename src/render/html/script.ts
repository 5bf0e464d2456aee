/**
 * The report's script, inlined. It reads the embedded data and draws one page of changes at a
 * time, so a plan of 100,000 changes opens as fast as one of 100. Everything from the plan is
 * put into the page as text (textContent), never as markup. When the first page is drawn it
 * sets `data-ready` on <body> (the browser test and the benchmark wait for it).
 */
import { REPORT_DATA_SCRIPT } from './script-data.js';

export const REPORT_SCRIPT = `${REPORT_DATA_SCRIPT}${String.raw`
(async () => {
  'use strict';
  const report = openReportData();
  const data = report.meta;
  const GROUPS = [
    ['blocked', 'Blocked: would lose labeled work'],
    ['delete', 'Deletes'],
    ['rename', 'Renames'],
    ['update', 'Updates'],
    ['add', 'Adds'],
  ];
  const SIGN = { blocked: '!', delete: '-', rename: '->', update: '~', add: '+' };
  const PAGE_SIZE = 60;
  const count = report.count;
  const state = { groups: new Set(GROUPS.map((_, i) => i)), query: '', page: 0 };
  let matching = Array.from({ length: count }, (_, i) => i);
  let haystacks = null;
  let drawing = 0;

  function el(tag, className, text) {
    const node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined) node.textContent = text;
    return node;
  }

  // What the text filter searches: external IDs, project, manifest line, every field value.
  function haystack(row) {
    const parts = [row.id, row.from || '', row.src || '', data.projects[row.p].id, data.projects[row.p].name];
    for (const field of row.f) {
      if (field[0] === 'diff') for (const line of field[2]) parts.push(line[1]);
      else parts.push(field.slice(1).join(' '));
    }
    return parts.join('\n').toLowerCase();
  }

  async function filter() {
    const query = state.query.trim().toLowerCase();
    if (query && haystacks === null) {
      document.getElementById('page-info').textContent = 'Searching ' + count + ' changes…';
      haystacks = (await report.all()).map(haystack);
    }
    matching = [];
    for (let i = 0; i < count; i++) {
      if (!state.groups.has(report.groupOf(i))) continue;
      if (query && !haystacks[i].includes(query)) continue;
      matching.push(i);
    }
    state.page = 0;
    await draw();
  }

  function placeholder(text) {
    return el('div', 'placeholder', text);
  }

  function image(src, alt, lazy) {
    const img = el('img', 'thumb');
    img.alt = alt;
    if (lazy) { img.loading = 'lazy'; img.referrerPolicy = 'no-referrer'; }
    img.addEventListener('error', () => img.replaceWith(placeholder('image could not be loaded: ' + alt)));
    img.src = src;
    return img;
  }

  function visual(v, alt) {
    switch (v.k) {
      case 'img': return image(data.thumbnails[v.i], alt, false);
      case 'url': return image(v.u, alt, true);
      case 'text': return el('pre', 'text', v.t);
      case 'doc': {
        const doc = el('div', 'doc');
        doc.append(el('div', 'icon', v.pdf ? 'PDF' : 'FILE'), el('span', '', v.n));
        return doc;
      }
      case 'video': {
        const video = el('div', 'doc video');
        if (v.first) video.append(visual(v.first, alt + ', first frame'));
        else video.append(el('div', 'icon', '\u25B6'));
        video.append(el('span', '', v.c ? v.n + ' \u00B7 ' + v.c + (v.c === 1 ? ' frame' : ' frames') : v.n));
        return video;
      }
      default: return placeholder(v.t);
    }
  }

  function side(v, caption, alt) {
    const box = el('div', 'side');
    box.append(visual(v, alt));
    if (caption) box.append(el('span', 'caption', caption));
    return box;
  }

  function fieldLine(field) {
    const li = el('li');
    const [sign, name] = field;
    if (sign === 'diff') {
      li.append(el('span', 'tilde', '~ '), name + ':');
      const pre = el('pre', 'diff');
      for (const [s, text] of field[2]) {
        const cls = s === '+' ? 'plus' : s === '-' ? 'minus' : 'muted';
        pre.append(el('span', cls, (s === '…' ? '  …' : s + ' ' + text) + '\n'));
      }
      li.append(pre);
    } else if (sign === '~') {
      li.append(el('span', 'tilde', '~ '), name + ': ', el('span', 'minus', field[2]), ' → ', el('span', 'plus', field[3]));
    } else {
      li.append(el('span', sign === '+' ? 'plus' : 'minus', sign + ' '), name + ': ' + field[2]);
    }
    return li;
  }

  function card(row) {
    const group = GROUPS[row.g][0];
    const node = el('article', 'card g-' + group);
    node.dataset.externalId = row.id;
    const title = el('div', 'title', SIGN[group] + ' ' + (row.from ? row.from + ' => ' + row.id : row.id));
    node.append(title);
    if (row.why) node.append(el('div', 'why', row.why));
    if (row.src) node.append(el('div', 'src', row.src));
    if (row.by) node.append(el('div', 'src by', row.by));
    const visuals = el('div', 'visuals');
    if (row.v.length === 2) {
      visuals.append(side(row.v[0], 'before', row.from || row.id), el('span', 'arrow', '→'), side(row.v[1], 'after', row.id));
    } else if (row.v.length === 1) {
      visuals.append(side(row.v[0], '', row.id));
    }
    node.append(visuals);
    if (row.f.length > 0) {
      const list = el('ul', 'fields');
      for (const field of row.f) list.append(fieldLine(field));
      node.append(list);
    }
    return node;
  }

  async function draw() {
    const ticket = ++drawing;
    const pages = Math.max(1, Math.ceil(matching.length / PAGE_SIZE));
    state.page = Math.min(Math.max(0, state.page), pages - 1);
    const start = state.page * PAGE_SIZE;
    const shown = await Promise.all(matching.slice(start, start + PAGE_SIZE).map(report.row));
    if (ticket !== drawing) return; // a newer filter or page won
    const main = document.getElementById('changes');
    main.replaceChildren();
    let grid = null;
    let current = '';
    for (const row of shown) {
      const key = row.g + '/' + row.p;
      if (key !== current) {
        current = key;
        const project = data.projects[row.p];
        const heading = el('h2', 'g-' + GROUPS[row.g][0], GROUPS[row.g][1] + ' — ' + project.name + ' ');
        heading.append(el('code', 'muted', project.id));
        grid = el('div', 'cards');
        main.append(heading, grid);
      }
      grid.append(card(row));
    }
    if (shown.length === 0) main.append(el('p', 'empty', count === 0 ? 'No changes.' : 'No change matches the filter.'));
    document.getElementById('page-info').textContent =
      'Page ' + (state.page + 1) + ' of ' + pages + ' · ' + matching.length + ' of ' + count + ' changes';
    document.getElementById('prev').disabled = state.page === 0;
    document.getElementById('next').disabled = state.page >= pages - 1;
  }

  function summary() {
    const body = document.querySelector('#summary tbody');
    for (const p of data.projects) {
      const tr = el('tr');
      const name = el('td', '', p.name + ' ');
      name.append(el('code', 'muted', p.id), el('div', 'muted', p.facts));
      if (p.read) name.append(el('div', 'muted', 'read: ' + p.read));
      for (const w of p.warnings) name.append(el('div', 'warning', 'warning ' + w));
      tr.append(name);
      const s = p.summary;
      for (const n of [s.add, s.update, s.rename, s.delete, s.blocked, s.unchanged]) tr.append(el('td', '', String(n)));
      const flags = el('td', 'flags');
      flags.append(p.flags.length === 0 ? el('span', 'muted', 'none') : el('code', '', p.flags.join(' ')));
      tr.append(flags);
      body.append(tr);
    }
  }

  function toolbar() {
    const box = document.getElementById('groups');
    const counts = GROUPS.map(() => 0);
    for (let i = 0; i < count; i++) counts[report.groupOf(i)]++;
    GROUPS.forEach(([name], g) => {
      const label = el('label');
      const input = el('input');
      input.type = 'checkbox';
      input.checked = true;
      input.dataset.group = name;
      input.addEventListener('change', () => {
        if (input.checked) state.groups.add(g); else state.groups.delete(g);
        filter();
      });
      label.append(input, ' ' + name + ' (' + counts[g] + ')');
      box.append(label);
    });
    let timer;
    document.getElementById('search').addEventListener('input', (event) => {
      clearTimeout(timer);
      timer = setTimeout(() => { state.query = event.target.value; filter(); }, 150);
    });
    document.getElementById('prev').addEventListener('click', () => { state.page--; draw(); });
    document.getElementById('next').addEventListener('click', () => { state.page++; draw(); });
  }

  summary();
  toolbar();
  await draw();
  document.body.dataset.ready = 'true';
})();
`}`;
