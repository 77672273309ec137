# Reference data ships as reviewable text and is loaded into the store.
dist_catalog_DATA +=
