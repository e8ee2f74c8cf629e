// Deploying a plugin to a repository records its prefix in the group's metadata (Central has it
// for every published plugin); the invoker's test-repository install does not, so record it here
// as a deployment would. The build under test then resolves 'threadlint:' like a user's does.
def group = new File(localRepositoryPath, 'dev/threadlint')
group.mkdirs()
new File(group, 'maven-metadata-local.xml').text = '''<?xml version="1.0" encoding="UTF-8"?>
<metadata>
  <plugins>
    <plugin>
      <name>threadlint Maven plugin</name>
      <prefix>threadlint</prefix>
      <artifactId>threadlint-maven-plugin</artifactId>
    </plugin>
  </plugins>
</metadata>
'''
return true
