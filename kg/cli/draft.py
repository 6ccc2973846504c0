"""kg draft."""

from __future__ import annotations

from pathlib import Path

import click

from kg.cli.options import kg_context, limits_from_env


@click.command("draft")
@click.argument("article", type=click.Path(path_type=Path))
@click.option("--source", "slug", metavar="SLUG", help="The new source's slug (src:SLUG). Default: from the file name.")
@click.option("--title", metavar="T", help="The article's title (dcterms:title).")
@click.option("--date", metavar="D", help="The article's date, YYYY, YYYY-MM or YYYY-MM-DD: dates without a year are read against it.")
@click.option("--url", metavar="U", help="Where the article is published (rdfs:seeAlso).")
@click.option("--exclude-source", "exclude", metavar="SLUG", multiple=True,
              help="Leave this source's facts out of the graph the draft links against (to draft an article again).")
@click.option("--html/--text", "html", default=None, help="Read the article as HTML or as plain text. Default: from the file.")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), help="Write the draft to FILE (atomically) instead of stdout.")
@click.option("--force", is_flag=True, help="Overwrite FILE if it exists.")
@click.pass_context
def draft_cmd(ctx, article: Path, slug, title, date, url, exclude, html, output: Path | None, force: bool) -> None:
    """Draft candidate facts from a new article, for an analyst to review.

    Reads a UTF-8 text or HTML article, splits it into sentences (repeated paragraphs dropped),
    finds the graph's entities in it (labels, alternative labels, demonyms, possessives; an
    ambiguous name is said, an unknown capitalised name is listed as a candidate new entity),
    normalises its dates against --date with the precision the text gives, and proposes one
    candidate fact per asserting sentence: a class from a cue lexicon, roles from the entities
    around the cue, the sentence verbatim as kg:evidence, kg:source the new source. What it cannot
    decide is a `# TODO:` comment next to the triple. Nothing in the project changes: review the
    draft, then `kg validate` and `kg add` it. Needs the `draft` extra (pip install 'geokg[draft]').

    \b
    Example:
      kg draft examples/made-up-s400-talks.txt --source made-up-2024-s400-talks \\
          --date 2024-03 -o s400-draft.ttl
    """
    from kg.draft.draft import draft_article

    project = kg_context(ctx).project
    if output is not None and output.exists() and not force:
        from kg.errors import PolicyError

        raise PolicyError(f"{output} exists; pass --force to overwrite it")
    result = draft_article(project, article, slug=slug, title=title, date=date, url=url, exclude=exclude,
                           limits=limits_from_env(), html=html)
    if output is None:
        click.echo(result.turtle, nl=False)
    else:
        from kg.atomic import write_atomically

        write_atomically(output, result.turtle.encode("utf-8"), overwrite=force)
    click.echo(f"kg: drafted {result.summary()}" + (f"; wrote {output}" if output else ""), err=True)
