# Reference data ships as reviewable text and is loaded into the store.
dist_catalog_DATA += \
	data/catalogue/drugs.csv data/catalogue/groups.csv \
	data/catalogue/interactions.csv data/catalogue/food.csv \
	data/catalogue/allergy.csv data/catalogue/conditions.csv \
	data/catalogue/VERSION data/catalogue/SOURCES
EXTRA_DIST += data/catalogue/README.md
# Passwords refused for new accounts: the ones seen most often in published
# breach statistics, plus their usual ten-character variants, lowercase,
# one a line (compared without regard to case).
dist_pkgdata_DATA += data/common-passwords.txt
