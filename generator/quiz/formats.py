"""What a quiz is printed and exported as. No imports: the command line offers these."""

EDITIONS = ("standard", "large-print")   # editions a quiz and key are printed in
EXPORT_FORMATS = ("moodle", "gift", "qti", "canvas", "json")   # for learning systems
EXPORT_SUFFIXES = {"moodle": ".moodle.xml", "gift": ".gift.txt", "qti": ".qti.zip",
                   "canvas": ".canvas.zip", "json": ".json"}
FORMATS = ("pdf", *EXPORT_FORMATS)   # what `leaflets quiz --format` offers
