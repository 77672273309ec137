dist_man1_MANS = man/prescripcare.1
