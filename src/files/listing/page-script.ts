/**
 * The listing page's script: inline, allowed by its hash in LISTING_CSP, the same bytes for
 * every page (what differs per page comes from the body's data attributes, which the server
 * renders: the folder's URL, whether uploads and DELETE are allowed, whether it has a parent).
 *
 * It enhances the plain listing (which works without it): the rows are drawn from the JSON
 * listing (names only ever set as text, links taken from the JSON's `link`), sorted by name,
 * size or date, filtered by a box; files are uploaded one request each (a multipart POST to
 * the folder URL) with a progress bar and a Cancel button, from the picker or dropped anywhere
 * on the page; folders are created (`mkdir`); files deleted after a confirmation. After every
 * change the listing is fetched again, so rows appear without a reload.
 *
 * Written in plain ES2020 for the browser; it is a string here, so it has no access to the
 * server's modules (humanSize is repeated from format.ts).
 */
export const PAGE_SCRIPT = `
'use strict';
(function () {
  var body = document.body;
  var folder = body.getAttribute('data-folder');
  var canDelete = body.getAttribute('data-delete') === 'allowed';
  var hasParent = body.getAttribute('data-parent') === 'yes';
  var rows = document.getElementById('rows');
  var status = document.getElementById('status');
  var filter = document.getElementById('filter');
  var picker = document.getElementById('picker');
  var uploadForm = document.getElementById('upload');
  var mkdirForm = document.getElementById('mkdir');
  var transfers = document.getElementById('transfers');
  var collator = new Intl.Collator('en', { numeric: true, sensitivity: 'accent' });
  var UNITS = ['B', 'KiB', 'MiB', 'GiB', 'TiB', 'PiB'];
  var REASONS = { 400: 'not a valid name', 404: 'refused (hidden name, or the folder is gone)', 409: 'a file or folder of that name is in the way',
    412: 'it exists already', 413: 'too large', 415: 'not a form' };
  var entries = null;
  var sortKey = 'name';
  var sortDir = 1;

  function say(text) { status.textContent = text; }
  function reason(code) { return REASONS[code] || ('HTTP ' + code); }

  function humanSize(bytes) {
    var value = bytes, unit = 0;
    while (value >= 1024 && unit < UNITS.length - 1) { value /= 1024; unit++; }
    if (unit === 0) return value + ' B';
    if (value >= 1023.5 && unit < UNITS.length - 1) { value /= 1024; unit++; }
    return (value < 9.95 ? value.toFixed(1) : String(Math.round(value))) + ' ' + UNITS[unit];
  }

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined) node.textContent = text;
    return node;
  }

  function compare(a, b) {
    if (a.kind !== b.kind) return a.kind === 'folder' ? -1 : 1;
    var by = 0;
    if (sortKey === 'size') by = (a.size || 0) - (b.size || 0);
    else if (sortKey === 'mtime') by = a.mtime < b.mtime ? -1 : a.mtime > b.mtime ? 1 : 0;
    if (by === 0) by = collator.compare(a.name, b.name) || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);
    return by * sortDir;
  }

  function row(entry) {
    var tr = el('tr');
    var name = el('td', 'name');
    var link = el('a', '', entry.name + (entry.kind === 'folder' ? '/' : ''));
    link.href = entry.link;
    name.append(link);
    var size = el('td', 'size', entry.kind === 'folder' ? '\\u2014' : humanSize(entry.size));
    var time = el('td', 'time');
    var stamp = el('time', '', entry.mtime.slice(0, 16).replace('T', ' '));
    stamp.dateTime = entry.mtime;
    time.append(stamp);
    var actions = el('td', 'actions');
    if (entry.kind === 'file') {
      var download = el('a', 'download', 'Download');
      download.href = entry.link;
      download.setAttribute('download', '');
      download.setAttribute('aria-label', 'Download ' + entry.name);
      actions.append(download);
      if (canDelete) {
        var remove = el('button', 'delete', 'Delete');
        remove.type = 'button';
        remove.setAttribute('aria-label', 'Delete ' + entry.name);
        remove.addEventListener('click', function () { removeEntry(entry); });
        actions.append(' ', remove);
      }
    }
    tr.append(name, size, time, actions);
    return tr;
  }

  function render() {
    if (entries === null) return;
    var query = filter.value.trim().toLowerCase();
    var shown = entries.filter(function (entry) { return query === '' || entry.name.toLowerCase().indexOf(query) >= 0; });
    shown.sort(compare);
    var fragment = document.createDocumentFragment();
    if (hasParent) {
      var up = el('tr');
      var cellUp = el('td', 'name');
      var parentLink = el('a', '', '../');
      parentLink.href = '../';
      cellUp.append(parentLink);
      up.append(cellUp, el('td', 'size'), el('td', 'time'), el('td', 'actions'));
      fragment.append(up);
    }
    shown.forEach(function (entry) { fragment.append(row(entry)); });
    if (shown.length === 0) {
      var empty = el('td', 'empty', entries.length === 0 ? 'This folder is empty.' : 'No name matches the filter.');
      empty.colSpan = 4;
      var tr = el('tr');
      tr.append(empty);
      fragment.append(tr);
    }
    rows.replaceChildren(fragment);
    document.querySelectorAll('th[data-key]').forEach(function (th) {
      th.setAttribute('aria-sort', th.getAttribute('data-key') === sortKey ? (sortDir === 1 ? 'ascending' : 'descending') : 'none');
    });
  }

  function refresh() {
    return fetch(folder, { headers: { Accept: 'application/json' }, cache: 'no-store' })
      .then(function (response) {
        if (!response.ok) throw new Error(reason(response.status));
        return response.json();
      })
      .then(function (listing) { entries = listing.entries; render(); })
      .catch(function (error) { say('Could not list the folder: ' + error.message); });
  }

  function upload(file) {
    var item = el('li');
    item.setAttribute('data-state', 'sending');
    var bar = el('progress');
    bar.max = Math.max(file.size, 1);
    bar.value = 0;
    bar.setAttribute('aria-label', 'Upload of ' + file.name);
    var state = el('span', 'state', 'sending');
    var cancel = el('button', 'cancel', 'Cancel');
    cancel.type = 'button';
    cancel.setAttribute('aria-label', 'Cancel the upload of ' + file.name);
    item.append(el('span', 'file', file.name), bar, state, cancel);
    transfers.append(item);
    transfers.hidden = false;
    var request = new XMLHttpRequest();
    function ended(what, text) {
      item.setAttribute('data-state', what);
      state.textContent = text;
      cancel.remove();
    }
    request.upload.addEventListener('progress', function (event) {
      if (!event.lengthComputable) return;
      bar.max = Math.max(event.total, 1);
      bar.value = event.loaded;
    });
    request.addEventListener('load', function () {
      if (request.status === 201) {
        bar.value = bar.max;
        ended('done', 'done');
      } else ended('failed', 'failed: ' + reason(request.status));
      refresh();
    });
    request.addEventListener('error', function () { ended('failed', 'failed: the connection was lost'); });
    request.addEventListener('abort', function () { ended('cancelled', 'cancelled'); });
    cancel.addEventListener('click', function () { request.abort(); });
    var form = new FormData();
    form.append('file', file, file.name);
    request.open('POST', folder);
    request.setRequestHeader('Accept', 'application/json');
    request.send(form);
  }

  function uploadAll(files) {
    for (var i = 0; i < files.length; i++) upload(files[i]);
  }

  function removeEntry(entry) {
    if (!window.confirm('Delete \\u201c' + entry.name + '\\u201d? This cannot be undone.')) return;
    fetch(entry.link, { method: 'DELETE' }).then(function (response) {
      say(response.status === 204 ? 'Deleted ' + entry.name + '.' : 'Could not delete ' + entry.name + ': ' + reason(response.status));
      return refresh();
    }, function () { say('Could not delete ' + entry.name + ': the connection was lost'); });
  }

  document.querySelectorAll('th[data-key]').forEach(function (th) {
    var button = el('button', 'sort', th.textContent);
    button.type = 'button';
    button.addEventListener('click', function () {
      var key = th.getAttribute('data-key');
      sortDir = key === sortKey ? -sortDir : 1;
      sortKey = key;
      render();
    });
    th.replaceChildren(button);
  });
  document.querySelectorAll('[data-needs-script]').forEach(function (node) { node.hidden = false; });
  filter.addEventListener('input', render);

  if (uploadForm !== null) {
    picker.addEventListener('change', function () {
      uploadAll(picker.files);
      picker.value = '';
    });
    uploadForm.addEventListener('submit', function (event) {
      event.preventDefault();
      uploadAll(picker.files);
      picker.value = '';
    });
    document.addEventListener('dragover', function (event) {
      if (!event.dataTransfer || event.dataTransfer.types.indexOf('Files') < 0) return;
      event.preventDefault();
      event.dataTransfer.dropEffect = 'copy';
      body.classList.add('dropping');
    });
    document.addEventListener('dragleave', function (event) {
      if (event.relatedTarget === null) body.classList.remove('dropping');
    });
    document.addEventListener('drop', function (event) {
      body.classList.remove('dropping');
      if (!event.dataTransfer || event.dataTransfer.files.length === 0) return;
      event.preventDefault();
      uploadAll(event.dataTransfer.files);
    });
  }

  if (mkdirForm !== null) {
    mkdirForm.addEventListener('submit', function (event) {
      event.preventDefault();
      var name = mkdirForm.elements.namedItem('mkdir').value;
      fetch(folder, { method: 'POST', headers: { Accept: 'application/json' }, body: new FormData(mkdirForm) }).then(function (response) {
        if (response.status === 201) {
          say('Created the folder ' + name + '.');
          mkdirForm.reset();
        } else say('Could not create the folder ' + name + ': ' + reason(response.status));
        return refresh();
      }, function () { say('Could not create the folder: the connection was lost'); });
    });
  }

  refresh();
})();
`;
