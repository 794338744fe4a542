"""How long importing a submitted article takes: a 5,000-character .docx with 4 phone photos.

Run: ``python bench/bench_article_import.py``. The .docx is generated (python-docx, Pillow)
in a temporary folder: 引题, title, byline and 5,000 characters of body in 20 paragraphs, with
four 12 MP phone photos (4032 × 3024, ``bench/big_issue.phone_photo``), each
followed by a caption. It prints the median time to read it (``read_article``: zip checks,
python-docx, each photo verified by a decode at ⅛ scale) and to place it on a page of the
sample (``place_article_on_page``), and the machine. A photo verified once is remembered
for the process (``editor.io.photos``), so the first read is timed apart from the median.
"""

from __future__ import annotations

import io
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.big_issue import orientation_of, phone_photo
from bench.machine import describe_machine
from bench.timing import median_seconds, ms
from editor import SAMPLE_PROJECT
from editor.io.article_import import read_article
from editor.io.project import load_project
from editor.model.article_placement import place_article_on_page

SENTENCE = "公司党委坚持以习近平新时代中国特色社会主义思想为指导，扎实推进党史学习教育走深走实。"
BODY_CHARS = 5000
PHOTOS = 4


def write_article(path: Path) -> int:
    """The benchmark .docx; returns the body's character count."""
    import docx
    from docx.shared import Cm

    document = docx.Document()
    document.add_paragraph("喜迎建党百年")
    document.add_heading("公司召开党史学习教育推进会", level=1)
    document.add_paragraph("作者：王小明")
    paragraphs = 20
    per_paragraph = BODY_CHARS // paragraphs
    text = (SENTENCE * (per_paragraph // len(SENTENCE) + 1))[:per_paragraph]
    for index in range(paragraphs):
        document.add_paragraph(text)
        if index % 5 == 2:
            document.add_picture(io.BytesIO(phone_photo(index, orientation=orientation_of(index))), width=Cm(8))
            document.add_paragraph(f"▲第{index // 5 + 1}张图片的图注")
    document.save(path)
    return per_paragraph * paragraphs


def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "推进会.docx"
        chars = write_article(path)
        size_mb = path.stat().st_size / 1024 / 1024
        start = time.perf_counter()
        article = read_article(path)
        first = time.perf_counter() - start
        assert len(article.photos) == PHOTOS, article.notes
        doc = load_project(SAMPLE_PROJECT)
        read = median_seconds(lambda: read_article(path), repeat=5)
        place = median_seconds(lambda: place_article_on_page(doc, 1, article), repeat=5)
    print(f"article: {chars} body characters, {PHOTOS} photos of 12 MP, {size_mb:.1f} MB .docx")
    print(f"read (first, photos decoded): {ms(first)}")
    print(f"read (median, photos known):  {ms(read)}")
    print(f"place on page 2 (median):     {ms(place)}")
    print(describe_machine())


if __name__ == "__main__":
    main()
