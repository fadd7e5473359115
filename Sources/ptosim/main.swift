import PTOSimCLI

PTOSimCommand.main()
