from sphinxext.doccode.watch.loop import main

raise SystemExit(main())
