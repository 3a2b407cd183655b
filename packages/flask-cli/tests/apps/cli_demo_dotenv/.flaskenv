SHARED=from_flaskenv
ONLY_FLASKENV=yes
PRESET=from_file
