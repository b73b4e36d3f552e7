// Enhancement only: the table is already sorted (lowest score first) and fully usable without it.
(() => {
  const table = document.getElementById('endpoints');
  if (!table || !table.tBodies[0]) return;
  const body = table.tBodies[0];
  const heads = [...table.tHead.rows[0].cells];
  heads.forEach((th, col) => {
    const button = document.createElement('button');
    button.type = 'button';
    button.append(...th.childNodes);
    th.append(button);
    button.addEventListener('click', () => {
      const numeric = th.dataset.type === 'num';
      const dir = th.getAttribute('aria-sort') === 'ascending' ? -1 : 1;
      const key = (row) => row.cells[col] ? row.cells[col].dataset.v ?? '' : '';
      const rows = [...body.rows].filter((r) => r.cells.length === heads.length);
      rows.sort((a, b) => {
        const x = key(a), y = key(b);
        if (x === '' || y === '') return x === y ? 0 : x === '' ? 1 : -1; // missing values last, either way
        const c = numeric ? Number(x) - Number(y) : x.localeCompare(y);
        return c * dir;
      });
      for (const h of heads) h.removeAttribute('aria-sort');
      th.setAttribute('aria-sort', dir === 1 ? 'ascending' : 'descending');
      body.append(...rows);
    });
  });
})();
