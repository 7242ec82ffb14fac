import { describe, expect, it } from 'vitest';
import { extractHtml } from './extract-html';

const read = (html: string) => extractHtml(Buffer.from(html, 'utf8')).segments;
const textOf = (html: string) =>
  read(html)
    .map((segment) => segment.text)
    .join('\n');

describe('extractHtml', () => {
  it('joins inline elements exactly as a browser shows them', () => {
    // Sphinx writes a shell line as highlighted spans; DocBook puts options and names in <code>.
    expect(
      textOf('<pre><span class="gp">$ </span>python<span class="w"> </span>-m<span class="w"> </span>json.tool</pre>'),
    ).toBe('$ python -m json.tool');
    expect(textOf('<p>There are two variants of <code>VACUUM</code>: standard <code>VACUUM</code>.</p>')).toBe(
      'There are two variants of VACUUM: standard VACUUM.',
    );
    expect(textOf('<dt><code>--exclude-table-data=</code><em>pattern</em></dt>')).toBe('--exclude-table-data=pattern');
  });

  it('ends lines at blocks and keeps table cells of a row apart', () => {
    expect(
      textOf('<ul><li>one</li><li>two</li></ul><table><tr><td>23505</td><td>unique_violation</td></tr></table>'),
    ).toBe('one\ntwo\n23505 | unique_violation');
  });

  it('keeps the lines of <pre> and decodes character references', () => {
    expect(textOf('<pre>a  =  1\n&lt;b&gt; &amp; &#8212; &#x2014; &mdash;</pre>')).toBe('a  =  1\n<b> & — — —');
  });

  it('starts a section at each heading, and a note box heading does not end the section', () => {
    const segments = read(
      '<h1>pg_dump<a class="headerlink" href="#x">¶</a></h1><p>Intro.</p><h2>Options</h2><p>-a</p>' +
        '<div class="note"><h3 class="title">Note</h3><p>Careful.</p></div><p>-b</p>',
    );
    expect(segments.map((segment) => [segment.section, segment.text])).toEqual([
      ['pg_dump', 'pg_dump\nIntro.'],
      ['Options', 'Options\n-a\nNote\nCareful.\n-b'],
    ]);
  });

  it('leaves out scripts, styles and navigation', () => {
    const text = textOf(
      '<head><title>T</title><style>p{}</style></head><body><div class="navheader">Prev | Next</div>' +
        '<script>if (a < b) document.write("<p>x</p>")</script><nav>menu</nav>' +
        '<div role="navigation">sidebar</div><p>Body text.</p></body>',
    );
    expect(text).toBe('Body text.');
  });
});
