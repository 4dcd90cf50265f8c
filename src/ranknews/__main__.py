from ranknews.cli import main

raise SystemExit(main())
