from powderkeg.cli import main

raise SystemExit(main())
