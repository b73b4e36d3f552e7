// Enhancement only: the report reads fully without it (native <details>).
(() => {
  for (const bar of document.querySelectorAll('[data-toolbar]')) bar.hidden = false;
  document.addEventListener('click', (e) => {
    const button = e.target instanceof Element ? e.target.closest('button[data-expand]') : null;
    if (!button) return;
    const open = button.getAttribute('data-expand') === 'open';
    for (const d of document.querySelectorAll('main details')) d.open = open;
  });
  // A link to #x12 or #rule-… lands on open content, even inside collapsed parents.
  const reveal = () => {
    let el = location.hash ? document.getElementById(decodeURIComponent(location.hash.slice(1))) : null;
    for (; el; el = el.parentElement) if (el instanceof HTMLDetailsElement) el.open = true;
  };
  addEventListener('hashchange', reveal);
  reveal();
  // Print the findings in full; the transcript stays as its one-line summaries.
  const opened = [];
  addEventListener('beforeprint', () => {
    for (const d of document.querySelectorAll('details.rule:not([open])')) { d.open = true; opened.push(d); }
  });
  addEventListener('afterprint', () => { for (const d of opened.splice(0)) d.open = false; });
})();
