@echo off
rem cream: the example CLI on Windows, cream.jar beside this script; what examples\target\cream does on Unix.
rem JAVA_HOME chooses the JVM (else java on the PATH); CREAM_JAVA_OPTS adds JVM options (-Xmx512m, say).
rem Plug-ins: the jars in %XDG_CONFIG_HOME%\cream\plugins (default %USERPROFILE%\.config\cream\plugins)
rem and those CREAM_CLASSPATH names (separated by ;) are found by cream.jar itself.
setlocal
set "CREAM_DIR=%~dp0"
if defined JAVA_HOME (set "CREAM_JAVA=%JAVA_HOME%\bin\java.exe") else (set "CREAM_JAVA=java")
set "CREAM_CDS="
if exist "%CREAM_DIR%cream.jsa" set CREAM_CDS="-XX:SharedArchiveFile=%CREAM_DIR%cream.jsa" -Xlog:cds=off -Xlog:cds+dynamic=off
"%CREAM_JAVA%" -XX:+IgnoreUnrecognizedVMOptions %CREAM_CDS% -XX:TieredStopAtLevel=1 -XX:Tier3BackEdgeThreshold=5000 -XX:MaxTenuringThreshold=0 -XX:-UsePerfData -XX:+UnlockExperimentalVMOptions -XX:G1NewSizePercent=15 %CREAM_JAVA_OPTS% -jar "%CREAM_DIR%cream.jar" %*
exit /b %ERRORLEVEL%
