# Reference data ships as reviewable text and is loaded into the store.
dist_catalog_DATA +=

# Passwords refused for new accounts: the ones seen most often in published
# breach statistics, plus their usual ten-character variants, lowercase,
# one a line (compared without regard to case).
dist_pkgdata_DATA += data/common-passwords.txt
