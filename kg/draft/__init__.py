"""`kg draft`: from a new article to candidate facts an analyst reviews, then validates and adds.

The machine proposes, the analyst decides (the TABARI/PETRARCH tradition of coding news with
dictionaries of actors and verb patterns): the graph's own labels are the actor dictionary, a cue
lexicon maps verbs to the ontology's classes, and every guess it cannot settle is written as a
`# TODO:` comment next to the triple, never silently decided.

Modules: article (reading, sentences, repeated paragraphs), lexicon and mentions (entities found
in the text), dates (normalised against the article's date), cues and facts (one candidate fact
per asserting sentence), render (the Turtle draft), draft (the whole run). The optional libraries
(the `draft` extra) load lazily through libs.
"""
